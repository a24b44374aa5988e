import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { makeTempDir, runTaskpod, writeFiles } from '@taskpod/testing';
import { findWorkspaceRoot } from './find-workspace-root';

// Every command that works on a workspace, as a user would type it.
const COMMANDS = [
  ['next'],
  ['list'],
  ['prompt', 'T1'],
  ['run', '--ready'],
  ['patch', 'T1'],
  ['apply', 'T1'],
  ['log', 'T1'],
  ['split', 'tasks.yaml'],
  ['mcp'],
];

describe('outside a taskpod workspace', () => {
  it('every command says no nx.json was found, from which folder, and to run init; exit 1', async (t) => {
    const { dir, cleanup } = makeTempDir('taskpod-outside-');
    t.after(cleanup);
    writeFiles(dir, { 'task_templates/t1/task.yaml': 'id: T1\ndescription: d\nstatus: ready\n', 'tasks.yaml': 'tasks: {}\n' });
    for (const args of COMMANDS) {
      const result = await runTaskpod(dir, args);
      assert.equal(result.code, 1, `taskpod ${args.join(' ')}: ${result.stderr}`);
      assert.match(
        result.stderr,
        new RegExp(`no nx\\.json in ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} or any folder above it`),
        args.join(' '),
      );
      assert.match(result.stderr, /npx taskpod init/, args.join(' '));
      assert.equal(result.stdout, '', args.join(' '));
    }
  });

  it('an nx.json without the taskpod plugin is named as such; exit 1', async (t) => {
    const { dir, cleanup } = makeTempDir('taskpod-outside-');
    t.after(cleanup);
    writeFiles(dir, { 'nx.json': '{ "plugins": ["@nx/js"] }\n', 'task_templates/t1/task.yaml': 'id: T1\ndescription: d\nstatus: ready\n' });
    mkdirSync(path.join(dir, 'sub'));
    for (const args of [['next'], ['list'], ['prompt', 'T1']]) {
      const result = await runTaskpod(path.join(dir, 'sub'), args);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /nx\.json \(found from .*sub\) has no taskpod plugin entry/);
      assert.match(result.stderr, /npx taskpod init/);
    }
  });

  it('findWorkspaceRoot finds the nearest nx.json upward that registers the plugin, under either name', async (t) => {
    const { dir, cleanup } = makeTempDir();
    t.after(cleanup);
    writeFiles(dir, {
      'ws/nx.json': '{"plugins":[{"plugin":"taskpod/nx-plugin"}]}',
      'ws/a/b/.keep': '',
      'old/nx.json': '{"plugins":["@taskpod/nx-plugin"]}',
    });
    assert.equal(findWorkspaceRoot(path.join(dir, 'ws/a/b')), path.join(dir, 'ws'));
    assert.equal(findWorkspaceRoot(path.join(dir, 'ws')), path.join(dir, 'ws'));
    assert.equal(findWorkspaceRoot(path.join(dir, 'old')), path.join(dir, 'old'));
    assert.throws(() => findWorkspaceRoot(dir), /no nx\.json in/);
  });
});
