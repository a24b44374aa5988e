import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeTempDir, writeFiles } from '@taskpod/testing';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadWorkspace } from './load-workspace';
import { readTaskFiles } from './read-task-files';

describe('readTaskFiles', () => {
  it('keeps file order and reports unreadable files next to parse problems', (t) => {
    const { dir, cleanup } = makeTempDir();
    t.after(cleanup);
    writeFiles(dir, {
      'task_templates/b/task.yaml': 'id: b\ndescription: B\n',
      'task_templates/a/task.yaml': 'id: a\npriority: urgent\n',
    });
    const files = ['task_templates/b/task.yaml', 'task_templates/missing/task.yaml', 'task_templates/a/task.yaml'];
    const { tasks, issues } = readTaskFiles(dir, files);
    assert.deepEqual(
      tasks.map((task) => task.id),
      ['b', 'a'],
    );
    assert.deepEqual(
      issues.map((i) => [i.file, i.field ?? null, i.severity ?? 'error']),
      [
        ['task_templates/missing/task.yaml', null, 'error'],
        ['task_templates/a/task.yaml', 'description', 'warning'],
        ['task_templates/a/task.yaml', 'priority', 'error'],
      ],
    );
  });

  it('reports bytes that are not UTF-8 with their byte offset and line, instead of reading U+FFFD', (t) => {
    const { dir, cleanup } = makeTempDir();
    t.after(cleanup);
    writeFiles(dir, { 'task_templates/a/task.yaml': '' });
    // "description: caf\xe9": Latin-1 é, byte offset 22 on line 2.
    writeFileSync(
      path.join(dir, 'task_templates/a/task.yaml'),
      Buffer.concat([Buffer.from('id: a\ndescription: caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    );
    const { tasks, issues } = readTaskFiles(dir, ['task_templates/a/task.yaml']);
    assert.deepEqual(tasks, []);
    assert.deepEqual(
      issues.map((i) => [i.file, i.line]),
      [['task_templates/a/task.yaml', 2]],
    );
    assert.match(issues[0]!.message, /is not valid UTF-8: byte 0xE9 at byte offset 22/);
  });

  it('reports a folder named task.yaml instead of skipping it', async (t) => {
    const { dir, cleanup } = makeTempDir();
    t.after(cleanup);
    writeFiles(dir, {
      'task_templates/a/task.yaml/notes.md': 'x\n',
      'task_templates/b/task.yaml': 'id: b\ndescription: B\n',
      'other/x.task.yaml/y': '',
    });
    const { tasks, issues } = await loadWorkspace(dir, { tasksGlob: 'task_templates/**/task.yaml', phaseBarrier: false });
    assert.deepEqual(
      tasks.map((task) => task.id),
      ['b'],
    );
    assert.deepEqual(
      issues.map((i) => [i.file, i.message]),
      [['task_templates/a/task.yaml', 'is a folder, not a task file; rename it or move what it holds']],
    );
    const other = await loadWorkspace(dir, { tasksGlob: 'other/*.task.yaml', phaseBarrier: false });
    assert.deepEqual(
      other.issues.map((i) => i.file),
      ['other/x.task.yaml'],
      'the general glob reports it too',
    );
  });
});
