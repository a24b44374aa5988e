import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeTempDir, writeFiles } from '@taskpod/testing';
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
    assert.deepEqual(tasks.map((task) => task.id), ['b', 'a']);
    assert.deepEqual(issues.map((i) => [i.file, i.field ?? null, i.severity ?? 'error']), [
      ['task_templates/missing/task.yaml', null, 'error'],
      ['task_templates/a/task.yaml', 'description', 'warning'],
      ['task_templates/a/task.yaml', 'priority', 'error'],
    ]);
  });
});
