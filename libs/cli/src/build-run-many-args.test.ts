import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '@taskpod/core';
import { buildRunManyArgs } from './build-run-many-args';

test('nx run-many gets every project and target glued to its flag, so none can read as an option', () => {
  const args = buildRunManyArgs('log', ['A', '1.2', 'b_c'], { parallel: '2', skipCache: true });
  assert.deepEqual(args, ['run-many', '--targets=log', '--projects=A,1.2,b_c', '--outputStyle=stream', '--parallel=2', '--skip-nx-cache']);
  // An option-like target name from the config stays the value of --targets.
  assert.deepEqual(buildRunManyArgs('--help', ['A']).slice(0, 3), ['run-many', '--targets=--help', '--projects=A']);
});

test('an id that could read as an option or a path never reaches the nx argv', () => {
  for (const id of ['--help', '-p', '..', 'a,b']) assert.throws(() => buildRunManyArgs('log', ['A', id]), UserError, id);
});
