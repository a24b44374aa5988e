import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeTask } from './make-task';
import { validateTasks } from './validate-tasks';

const at = (_id: string, file: string, line = 1) => ({
  source: { file, dir: file.replace(/\/task\.yaml$/, ''), shape: 'flat' as const, line },
});

describe('validateTasks', () => {
  it('accepts a consistent backlog', () => {
    assert.deepEqual(validateTasks([makeTask({ id: 'a' }), makeTask({ id: 'b', dependsOn: ['a'] })]), []);
  });

  it('names both files of a duplicate id', () => {
    const issues = validateTasks([
      makeTask({ id: 'a', ...at('a', 'x/task.yaml', 2) }),
      makeTask({ id: 'a', ...at('a', 'y/task.yaml', 4) }),
    ]);
    assert.equal(issues.length, 1);
    assert.equal(issues[0]!.file, 'y/task.yaml');
    assert.equal(issues[0]!.line, 4);
    assert.match(issues[0]!.message, /duplicate id `a`.*x\/task\.yaml:2.*y\/task\.yaml:4/);
  });

  it('refuses the id `replies`, whose .patches folder is the reply store', () => {
    const issues = validateTasks([makeTask({ id: 'replies', ...at('replies', 'r/task.yaml', 2) })]);
    assert.deepEqual(
      issues.map((i) => [i.file, i.line, i.field]),
      [['r/task.yaml', 2, 'id']],
    );
    assert.match(issues[0]!.message, /id `replies` is reserved/);
  });

  it('reports unknown depends_on ids with the task file', () => {
    const issues = validateTasks([makeTask({ id: 'a', dependsOn: ['ghost'], ...at('a', 'a/task.yaml', 3) })]);
    assert.deepEqual(
      issues.map((i) => [i.file, i.line, i.field]),
      [['a/task.yaml', 3, 'depends_on']],
    );
    assert.match(issues[0]!.message, /unknown task id `ghost`/);
  });

  it('prints cycles as a path, self-dependencies included', () => {
    const issues = validateTasks([
      makeTask({ id: 'a', dependsOn: ['b'] }),
      makeTask({ id: 'b', dependsOn: ['c'] }),
      makeTask({ id: 'c', dependsOn: ['a'] }),
      makeTask({ id: 'd', dependsOn: ['d'] }),
      makeTask({ id: 'e', dependsOn: ['a'] }),
    ]);
    assert.deepEqual(issues.map((i) => i.message).sort(), ['dependency cycle: a -> b -> c -> a', 'dependency cycle: d -> d']);
  });
});
