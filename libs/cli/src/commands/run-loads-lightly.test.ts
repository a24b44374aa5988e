import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runTaskpod, workspace } from '@taskpod/testing';

// Its own file: node:test runs each file in a process of its own, so require.cache holds only what
// this command loaded. `taskpod run` only starts nx; the steps (and their clients) load in nx's processes.
const HEAVY = /[\\/]node_modules[\\/](openai|octokit|@octokit[\\/][^\\/]+|liquidjs)[\\/]/;

test('taskpod run starts nx without loading the model, GitHub or template libraries', async (t) => {
  const root = workspace(t, {
    'task_templates/a/task.yaml': 'id: A\ndescription: Write a\nstatus: ready\noutputs: [docs/a.md]\n',
    // The workspace's nx, as runNx finds it: records how it was started, runs nothing.
    'node_modules/nx/package.json': JSON.stringify({ name: 'nx', version: '0.0.0', bin: { nx: 'bin/nx.js' } }),
    'node_modules/nx/bin/nx.js': "require('node:fs').writeFileSync('nx-args.json', JSON.stringify(process.argv.slice(2)));\n",
  });
  const result = await runTaskpod(root, ['run', 'A']);
  const nxArgs = JSON.parse(readFileSync(path.join(root, 'nx-args.json'), 'utf8')) as string[];
  assert.deepEqual(nxArgs.slice(0, 3), ['run-many', '--targets=log', '--projects=A'], result.stderr);
  // This nx ran no step, so the task did not get done.
  assert.equal(result.code, 1);
  assert.ok(
    Object.keys(require.cache).some((file) => file.endsWith(`${path.sep}commands${path.sep}run.js`)),
    'the probe sees what the command loaded',
  );
  assert.deepEqual(
    Object.keys(require.cache).filter((file) => HEAVY.test(file)),
    [],
  );
});
