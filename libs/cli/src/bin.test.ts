import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { taskpod, workspace } from '@taskpod/testing';

// The other CLI tests call main() in-process; these prove the bin a user runs passes its
// arguments to main() and exits with its code.
const TASK = 'id: a\ndescription: A\nstatus: ready\n';

test('the bin runs main with its arguments and exits with its code', (t) => {
  const root = workspace(t, { 'task_templates/a/task.yaml': TASK });
  assert.deepEqual(taskpod(root, ['next']), { code: 0, stdout: 'a\n', stderr: '' });
  const bad = taskpod(root, ['next', '--bogus']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^taskpod: .*--bogus/);
});

test('the bin is executable through its shebang', (t) => {
  const root = workspace(t, { 'task_templates/a/task.yaml': TASK });
  const bin = path.join(path.dirname(require.resolve('taskpod/package.json')), 'bin/taskpod.js');
  const result = spawnSync(bin, ['next'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` },
  });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'a\n');
});
