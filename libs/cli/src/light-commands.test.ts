import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { workspace } from '@taskpod/testing';

// A fresh process, because in this one other tests have loaded everything already.
const SCRIPT = `
  const { main } = require(${JSON.stringify(path.join(__dirname, 'main.js'))});
  const io = { cwd: process.cwd(), env: {}, stdout: () => {}, stderr: (s) => process.stderr.write(s) };
  (async () => {
    for (const argv of JSON.parse(process.argv[1])) if ((await main(argv, io)) !== 0) process.exit(1);
    const loaded = Object.keys(require.cache).filter((f) => /libs[\\\\/](pipeline|llm|git|github|prompt|nx-plugin)[\\\\/]dist[\\\\/]/.test(f));
    process.stdout.write(JSON.stringify(loaded.map((f) => f.split(/libs[\\\\/]/)[1].replace(/\\\\/g, '/'))));
  })();
`;

test('show, set-status, reopen and add load no model, git, GitHub or Nx code', (t) => {
  const root = workspace(t, { 'task_templates/a/task.yaml': 'id: A\ndescription: A\nstatus: done\n' });
  const argvs = [
    ['show', 'A'],
    ['set-status', 'A', 'ready'],
    ['reopen', 'A', '--feedback', 'again'],
    ['add', '--id', 'B', '--description', 'B'],
  ];
  const result = spawnSync(process.execPath, ['-e', SCRIPT, JSON.stringify(argvs)], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  // The record readers are core's: nothing of the pipeline, model, git, GitHub or Nx is loaded.
  assert.deepEqual(JSON.parse(result.stdout), []);
});
