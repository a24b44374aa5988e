import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { AggregateCreateNodesError } from '@nx/devkit';
import { spawnSync } from 'node:child_process';
import { compileOutputGlob } from '@taskpod/core';
import { makeTempDir, writeFiles } from '@taskpod/testing';
import { createNodes, createTaskNodes, workspaceDataDir } from './create-nodes';

const options = { tasksGlob: 'task_templates/**/task.yaml' };

function workspace(t: { after: (fn: () => void) => void }, files: Record<string, string>) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(dir, files);
  return { dir, cacheDir: path.join(dir, '.nx/workspace-data') };
}

const cacheKeys = (cacheDir: string) =>
  Object.keys(JSON.parse(readFileSync(path.join(cacheDir, 'taskpod-task-files.json'), 'utf8')).entries);

test('Nx hands over every YAML file; only those matching tasksGlob become projects', async (t) => {
  const { dir, cacheDir } = workspace(t, {
    'task_templates/a/task.yaml': 'id: A\ndescription: a\n',
    'task_templates/a/memory.yaml': '- path: x.md\n',
    'elsewhere/task.yaml': 'id: Z\ndescription: z\n',
    'backlog/b.yml': 'id: B\ndescription: b\n',
  });
  const all = ['elsewhere/task.yaml', 'task_templates/a/task.yaml', 'task_templates/a/memory.yaml', 'backlog/b.yml'];
  assert.ok(
    all.every((file) => compileOutputGlob(createNodes[0]).test(file)),
    'the plugin glob reaches every one',
  );
  const results = await createTaskNodes(all, options, dir, cacheDir);
  assert.deepEqual(
    results.map(([file]) => file),
    ['task_templates/a/task.yaml'],
  );
  const custom = await createTaskNodes(all, { tasksGlob: 'backlog/*.yml' }, dir, cacheDir);
  assert.deepEqual(
    custom.map(([file]) => file),
    ['backlog/b.yml'],
  );
});

test('parses are cached by content: an edit replaces its entry, stale entries are dropped', async (t) => {
  const { dir, cacheDir } = workspace(t, {
    'task_templates/a/task.yaml': 'id: A\ndescription: a\n',
    'task_templates/b/task.yaml': 'id: B\ndescription: b\n',
  });
  const files = ['task_templates/a/task.yaml', 'task_templates/b/task.yaml'];
  await createTaskNodes(files, options, dir, cacheDir);
  const first = cacheKeys(cacheDir);
  assert.equal(first.length, 2);
  writeFiles(dir, { 'task_templates/b/task.yaml': 'id: B\ndescription: b, edited\n' });
  const results = await createTaskNodes(files, options, dir, cacheDir);
  const second = cacheKeys(cacheDir);
  assert.equal(second.length, 2);
  assert.equal(second.filter((key) => first.includes(key)).length, 1, 'the unchanged file keeps its entry');
  const b = results.find(([file]) => file === 'task_templates/b/task.yaml')![1].projects!['task_templates/b']!;
  assert.equal(b.metadata!.description, 'b, edited', 'the edit is seen, not the cached parse');
});

test('bad files are reported per file through AggregateCreateNodesError, with the good projects as partial results', async (t) => {
  const { dir, cacheDir } = workspace(t, {
    'task_templates/a/task.yaml': 'id: A\ndescription: a\n',
    'task_templates/bad/task.yaml': 'id: BAD\ndescription: x\npriority: urgent\n',
    'task_templates/yaml/task.yaml': 'id: [\n',
  });
  const files = ['task_templates/a/task.yaml', 'task_templates/bad/task.yaml', 'task_templates/yaml/task.yaml'];
  let caught: unknown;
  try {
    await createTaskNodes(files, options, dir, cacheDir);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof AggregateCreateNodesError);
  assert.deepEqual(caught.errors.map(([file]) => file).sort(), ['task_templates/bad/task.yaml', 'task_templates/yaml/task.yaml']);
  const bad = caught.errors.find(([file]) => file === 'task_templates/bad/task.yaml')![1] as Error;
  assert.match(bad.message, /^task_templates\/bad\/task\.yaml:3: priority: /);
  assert.deepEqual(
    caught.partialResults.map(([file]) => file),
    ['task_templates/a/task.yaml'],
  );
});

test('a task file that is not UTF-8 is an error naming its byte offset, not a project with U+FFFD in it', (t) => {
  const { dir, cacheDir } = workspace(t, { 'task_templates/a/task.yaml': 'id: A\ndescription: a\n' });
  writeFileSync(path.join(dir, 'task_templates/a/task.yaml'), Buffer.from([...Buffer.from('id: A\ndescription: caf'), 0xe9, 0x0a]));
  assert.throws(
    () => createTaskNodes(['task_templates/a/task.yaml'], options, dir, cacheDir),
    (error: unknown) =>
      error instanceof AggregateCreateNodesError &&
      error.errors.length === 1 &&
      /^task_templates\/a\/task\.yaml:2: is not valid UTF-8: byte 0xE9 at byte offset 22/.test((error.errors[0]![1] as Error).message),
  );
});

test('loading the plugin starts no process (no git): graph construction reads task files only', () => {
  const probe = `
    const cp = require('node:child_process');
    for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
      cp[name] = () => { throw new Error('started a process: ' + name); };
    }
    require(${JSON.stringify(path.resolve(__dirname, 'index.js'))});
  `;
  const result = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
});

test('the cache lives in the Nx workspace data directory, which NX_WORKSPACE_DATA_DIRECTORY moves', () => {
  assert.equal(workspaceDataDir('/ws', {}), path.resolve('/ws/.nx/workspace-data'));
  assert.equal(workspaceDataDir('/ws', { NX_WORKSPACE_DATA_DIRECTORY: 'tmp/data' }), path.resolve('/ws/tmp/data'));
  assert.equal(workspaceDataDir('/ws', { NX_WORKSPACE_DATA_DIRECTORY: '/abs/data' }), path.resolve('/abs/data'));
});
