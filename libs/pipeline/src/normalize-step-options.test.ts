import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '@taskpod/core';
import { EXECUTOR_OPTION_NAMING, normalizeStepOptions } from './normalize-step-options';

const CLI = { name: (option: string) => `\`--${option}\``, help: 'Usage: taskpod apply <id>' };

test('every option of every step gets its default, once', () => {
  assert.deepEqual(normalizeStepOptions('run', {}, EXECUTOR_OPTION_NAMING), { fresh: false, force: false });
  assert.deepEqual(normalizeStepOptions('patch', {}, EXECUTOR_OPTION_NAMING), { staged: false, force: false });
  assert.deepEqual(normalizeStepOptions('apply', {}, EXECUTOR_OPTION_NAMING), { into: 'worktree', push: true, pr: true, force: false });
  assert.deepEqual(normalizeStepOptions('log', {}, EXECUTOR_OPTION_NAMING), { force: false });
  assert.deepEqual(normalizeStepOptions('prompt', {}, EXECUTOR_OPTION_NAMING), { offline: false });
  assert.deepEqual(normalizeStepOptions('apply', { into: 'current', push: false, overwrite: false }, EXECUTOR_OPTION_NAMING), {
    into: 'current',
    push: false,
    pr: true,
    overwrite: false,
    force: false,
  });
});

test('`taskpod run --fresh` reaches every run target through TASKPOD_FRESH; the cache-key option is left alone', () => {
  assert.equal(normalizeStepOptions('run', { taskHash: 'abc' }, EXECUTOR_OPTION_NAMING, { TASKPOD_FRESH: '1' }).fresh, true);
  assert.equal(normalizeStepOptions('run', {}, EXECUTOR_OPTION_NAMING, { TASKPOD_FRESH: '0' }).fresh, false);
});

test('a wrong value is a usage error naming the option as the caller wrote it', () => {
  assert.throws(
    () => normalizeStepOptions('patch', { force: 'yes' }, EXECUTOR_OPTION_NAMING),
    (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.message, 'Expected the `force` option to be a boolean, got `yes` (string).');
      assert.deepEqual(error.details, { expected: 'true or false', received: 'yes' });
      return true;
    },
  );
  assert.throws(
    () => normalizeStepOptions('apply', { into: 'elsewhere' }, EXECUTOR_OPTION_NAMING),
    /^UsageError: The `into` option takes `current`\.$/,
  );
  assert.throws(
    () => normalizeStepOptions('apply', { into: 'elsewhere' }, CLI),
    (error: unknown) => {
      assert.equal((error as Error).message, '`--into` takes `current`.\n\nUsage: taskpod apply <id>');
      return true;
    },
  );
});
