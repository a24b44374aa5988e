import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeTempDir, writeFiles } from '@taskpod/testing';
import { buildConfig } from './config';
import { UserError, ValidationError } from './errors';
import { loadTask, loadTasks, loadWorkspace } from './load-workspace';
import { readTaskMemory } from './read-task-memory';

const config = buildConfig(undefined);

function workspace(t: { after: (fn: () => void) => void }, files: Record<string, string>): string {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(dir, files);
  return dir;
}

describe('loadWorkspace', () => {
  it('finds task files under the glob, in a stable order, and ignores others', async (t) => {
    const root = workspace(t, {
      'task_templates/b/task.yaml': 'id: b\ndescription: B\ndepends_on: [a]\n',
      'task_templates/deep/a/task.yaml': 'tasks:\n  a:\n    title: A\n',
      'task_templates/notes.yaml': 'id: nope\n',
      'elsewhere/task.yaml': 'id: nope2\n',
    });
    const { tasks, issues } = await loadWorkspace(root, config);
    assert.deepEqual(issues, []);
    assert.deepEqual(
      tasks.map((x) => [x.id, x.source.file]),
      [
        ['b', 'task_templates/b/task.yaml'],
        ['a', 'task_templates/deep/a/task.yaml'],
      ],
    );
  });

  it('reports problems of every file at once, and cross-task ones', async (t) => {
    const root = workspace(t, {
      'task_templates/a/task.yaml': 'id: a\ndescription: A\npriority: urgent\n',
      'task_templates/b/task.yaml': 'id: b\ndescription: [oops\n',
      'task_templates/c/task.yaml': 'id: a\ndescription: again\ndepends_on: [ghost]\n',
    });
    const error = await loadTasks(root, config).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(error instanceof ValidationError);
    const found = error.issues.map((i) => `${i.file}:${i.line}`).sort();
    assert.deepEqual(found, [
      'task_templates/a/task.yaml:3',
      'task_templates/b/task.yaml:3',
      'task_templates/c/task.yaml:1',
      'task_templates/c/task.yaml:1',
    ]);
    assert.match(error.message, /duplicate id `a`.*task_templates\/a\/task\.yaml:1.*task_templates\/c\/task\.yaml:1/);
    assert.match(error.message, /unknown task id `ghost`/);
  });

  it('returns tasks despite warnings', async (t) => {
    const root = workspace(t, { 'task_templates/a/task.yaml': 'id: a\ndescription: A\noutputs: [.logs/feedback/x.md, docs/a.md]\n' });
    const tasks = await loadTasks(root, config);
    assert.deepEqual(tasks[0]!.outputs, ['docs/a.md']);
  });

  it('loads one task by id and names an unknown id', async (t) => {
    const root = workspace(t, { 'task_templates/a/task.yaml': 'id: a\ndescription: A\n' });
    assert.equal((await loadTask(root, config, 'a')).description, 'A');
    await assert.rejects(loadTask(root, config, 'zz'), (e: unknown) => e instanceof UserError && /Unknown task id `zz`/.test(e.message));
  });
});

describe('readTaskMemory', () => {
  it('reads the default memory files that exist, in order', async (t) => {
    const root = workspace(t, {
      'memory/memory.yaml': 'project:\n  - path: docs/brief.md\n',
      'task_templates/a/task.yaml': 'id: a\ndescription: A\n',
      'task_templates/a/memory.yaml': '- path: docs/a-notes.md\n',
      'task_templates/b/task.yaml': 'id: b\ndescription: B\n',
    });
    const [a, b] = await loadTasks(root, config);
    assert.deepEqual(
      (await readTaskMemory(root, a!)).map((e) => [e.path, e.source]),
      [
        ['docs/brief.md', 'memory/memory.yaml'],
        ['docs/a-notes.md', 'task_templates/a/memory.yaml'],
      ],
    );
    assert.deepEqual(
      (await readTaskMemory(root, b!)).map((e) => e.path),
      ['docs/brief.md'],
    );
  });

  it('fails on a missing explicitly named memory file, and on an invalid one', async (t) => {
    const root = workspace(t, {
      'task_templates/a/task.yaml': 'id: a\ndescription: A\nmemory: memory/missing.yaml\n',
      'task_templates/b/task.yaml': 'id: b\ndescription: B\nmemory: [memory/bad.yaml]\n',
      'memory/bad.yaml': '- description: no path\n',
    });
    const [a, b] = await loadTasks(root, config);
    await assert.rejects(readTaskMemory(root, a!), /Task `a` names memory file `memory\/missing\.yaml`/);
    await assert.rejects(
      readTaskMemory(root, b!),
      (e: unknown) => e instanceof ValidationError && e.issues[0]!.file === 'memory/bad.yaml' && e.issues[0]!.line === 1,
    );
  });
});
