import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runTaskpod, workspace } from '@taskpod/testing';

// The whole pipeline through nx is covered end to end in tools/e2e/full-loop.e2e.test.mjs; these
// are the answers `run` gives before it starts nx.
const TASK = 'id: A\ndescription: Write a\nstatus: ready\nphase: 1\noutputs: [docs/a.md]\n';

test('run without ids, --next or --ready is a usage error (exit 2)', async (t) => {
  const dir = workspace(t, { 'task_templates/a/task.yaml': TASK });
  const result = await runTaskpod(dir, ['run']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Name the tasks to run: task ids, --next or --ready/);
  assert.equal((await runTaskpod(dir, ['run', 'A', '--ready'])).code, 2);
});

test('run --parallel must be a positive integer (exit 2)', async (t) => {
  const dir = workspace(t, { 'task_templates/a/task.yaml': TASK });
  const result = await runTaskpod(dir, ['run', 'A', '--parallel', '0']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Expected --parallel to be a positive integer, got `0`/);
});

test('run names unknown ids and starts nothing (exit 1)', async (t) => {
  const dir = workspace(t, { 'task_templates/a/task.yaml': TASK });
  const result = await runTaskpod(dir, ['run', 'A', 'B', 'C']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /Unknown task ids: B, C\./);
});

test('run --next with nothing actionable says so and exits 0', async (t) => {
  const dir = workspace(t, { 'task_templates/a/task.yaml': TASK.replace('status: ready', 'status: done') });
  const result = await runTaskpod(dir, ['run', '--next']);
  assert.deepEqual([result.code, result.stdout, result.stderr], [0, '', 'taskpod: no task is actionable.\n']);
});
