import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runTaskpod, workspace } from '@taskpod/testing';

const BACKLOG = {
  'task_templates/a/task.yaml': 'id: a\ndescription: A\npod: DevPod\nphase: 1\nstatus: done\noutputs: [docs/a.md]\n',
  'task_templates/b/task.yaml': 'id: b\ndescription: B\npod: QAPod\nphase: 1\nstatus: ready\npriority: low\noutputs: [docs/**]\n',
  'task_templates/c/task.yaml':
    'id: c\ndescription: C\npod: DevPod\nphase: 1\nstatus: ready\npriority: high\ndepends_on: [a]\noutputs: [docs/<f>/c.md]\n',
  'task_templates/d/task.yaml': 'id: d\ndescription: D\npod: DevPod\nphase: Phase 2 - Build\nstatus: ready\n',
  'task_templates/x/task.yaml': 'tasks:\n  x:\n    title: X\n    pod_owner: QAPod\n    phase: Cross-Phase\n    ready: true\n',
};

describe('taskpod next', () => {
  it('prints the first actionable id, from any folder below the workspace root', async (t) => {
    const root = workspace(t, BACKLOG);
    assert.deepEqual(await runTaskpod(root, ['next']), { code: 0, stdout: 'c\n', stderr: '' });
    assert.equal((await runTaskpod(path.join(root, 'task_templates/b'), ['next'])).stdout, 'c\n');
    assert.equal((await runTaskpod(root, ['next', '--pod', 'QAPod'])).stdout, 'b\n');
  });

  it('prints nothing and exits 0 when no task is actionable', async (t) => {
    const root = workspace(t, { 'task_templates/a/task.yaml': 'id: a\ndescription: A\nstatus: backlog\n' });
    assert.deepEqual(await runTaskpod(root, ['next']), { code: 0, stdout: '', stderr: '' });
    assert.equal((await runTaskpod(root, ['next', '--json'])).stdout, 'null\n');
  });

  it('prints the whole ready queue with --all --json', async (t) => {
    const root = workspace(t, BACKLOG);
    const result = await runTaskpod(root, ['next', '--all', '--json']);
    assert.equal(result.code, 0);
    assert.deepEqual(JSON.parse(result.stdout), [
      { id: 'c', phase: 1, pod: 'DevPod', priority: 'high', created_at: null, status: 'ready', actionable: true, blocked_by: [] },
      { id: 'b', phase: 1, pod: 'QAPod', priority: 'low', created_at: null, status: 'ready', actionable: true, blocked_by: [] },
      {
        id: 'd',
        phase: 2,
        pod: 'DevPod',
        priority: 'medium',
        created_at: null,
        status: 'ready',
        actionable: false,
        blocked_by: ['b', 'c'],
      },
      { id: 'x', phase: null, pod: 'QAPod', priority: 'medium', created_at: null, status: 'ready', actionable: true, blocked_by: [] },
    ]);
  });

  it('prints a table with --all, without colour under NO_COLOR', async (t) => {
    const root = workspace(t, BACKLOG);
    const result = await runTaskpod(root, ['next', '--all'], { FORCE_COLOR: '1' });
    assert.equal(result.code, 0);
    assert.doesNotMatch(result.stdout, /\u001b\[/);
    assert.match(result.stdout, /^ID +PHASE +POD/);
    assert.match(result.stdout, /\nd +2 +DevPod +medium +- +blocked by b, c\n/);
    assert.match((await runTaskpod(root, ['next', '--all'], { NO_COLOR: '', FORCE_COLOR: '1' })).stdout, /\u001b\[/);
  });

  it('exits 1 naming file and line for every problem, and 2 on a usage error', async (t) => {
    const root = workspace(t, {
      'task_templates/a/task.yaml': 'id: a\ndescription: A\nstatus: finished\n',
      'task_templates/b/task.yaml': 'id: b\ndescription: B\ndepends_on: [a, nope]\n',
      'task_templates/c/task.yaml': 'tasks:\n  c1: {title: one}\n  c2: {title: two}\n',
    });
    const result = await runTaskpod(root, ['next']);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /task_templates\/a\/task\.yaml:3: status: must be one of/);
    assert.match(result.stderr, /task_templates\/b\/task\.yaml:1: depends_on: `b` depends on unknown task id `nope`/);
    assert.match(result.stderr, /task_templates\/c\/task\.yaml:1: tasks: holds 2 tasks .*taskpod split task_templates\/c\/task\.yaml/);
    assert.equal((await runTaskpod(root, ['next', '--bogus'])).code, 2);
    assert.equal((await runTaskpod(root, ['list', '--status', 'finished'])).code, 2);
  });

  it('names the file of a bad id, an alias bomb and a folder named task.yaml, with no stack trace', async (t) => {
    const levels = ['id: bomb', 'a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const root = workspace(t, {
      'task_templates/up/task.yaml': 'id: ".."\ndescription: up\n',
      'task_templates/opt/task.yaml': 'tasks:\n  --help:\n    title: opt\n',
      'task_templates/bomb/task.yaml': `${levels.join('\n')}\n`,
      'task_templates/dir/task.yaml/notes.md': 'x\n',
    });
    const result = await runTaskpod(root, ['list']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /task_templates\/up\/task\.yaml:1: id: must not be `\.` or `\.\.`/);
    assert.match(result.stderr, /task_templates\/opt\/task\.yaml:2: id: the `tasks:` key is not a valid id: it must not start with `-`/);
    assert.match(result.stderr, /task_templates\/bomb\/task\.yaml: its YAML aliases .* alias bomb/);
    assert.match(result.stderr, /task_templates\/dir\/task\.yaml: is a folder, not a task file/);
    assert.doesNotMatch(result.stderr, /unexpected error|ReferenceError|\n {4}at /);
  });

  it('prints a cycle as a path', async (t) => {
    const root = workspace(t, {
      'task_templates/a/task.yaml': 'id: a\ndescription: A\ndepends_on: [b]\n',
      'task_templates/b/task.yaml': 'id: b\ndescription: B\ndepends_on: [a]\n',
    });
    const result = await runTaskpod(root, ['next']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /dependency cycle: a -> b -> a/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace by default');
    assert.match((await runTaskpod(root, ['next'], { TASKPOD_DEBUG: '1' })).stderr, /\n\s+at /, 'TASKPOD_DEBUG=1 adds the stack trace');
  });

  it('shows help for each command', async (t) => {
    const root = workspace(t, {});
    for (const command of ['next', 'list', 'split']) {
      const result = await runTaskpod(root, [command, '--help']);
      assert.equal(result.code, 0);
      assert.match(result.stdout, new RegExp(`^Usage: taskpod ${command}`));
    }
  });
});

describe('taskpod list', () => {
  it('lists tasks in queue order with implicit dependencies and why', async (t) => {
    const root = workspace(t, BACKLOG);
    const rows = JSON.parse((await runTaskpod(root, ['list', '--json'])).stdout) as {
      id: string;
      status: string;
      file: string;
      waits_for: unknown[];
    }[];
    assert.deepEqual(
      rows.map((r) => r.id),
      ['c', 'a', 'b', 'd', 'x'],
    );
    const waits = rows.find((r) => r.id === 'b')!.waits_for as { id: string }[];
    assert.deepEqual(
      [...waits].sort((x, y) => x.id.localeCompare(y.id)),
      [
        { id: 'a', reason: 'outputs', path: 'docs/a.md' },
        { id: 'c', reason: 'outputs', path: 'docs/x/c.md' },
      ],
    );
    assert.deepEqual(rows.find((r) => r.id === 'c')!.waits_for, [{ id: 'a', reason: 'depends_on' }]);
    const human = (await runTaskpod(root, ['list'])).stdout;
    assert.match(human, /\nb +ready +1 +QAPod +low +.*c \(both write docs\/x\/c\.md\)/);
  });

  it('filters by status and pod', async (t) => {
    const root = workspace(t, BACKLOG);
    assert.deepEqual(
      JSON.parse((await runTaskpod(root, ['list', '--json', '--status', 'done'])).stdout).map((r: { id: string }) => r.id),
      ['a'],
    );
    assert.deepEqual(
      JSON.parse((await runTaskpod(root, ['list', '--json', '--pod', 'QAPod'])).stdout).map((r: { id: string }) => r.id),
      ['b', 'x'],
    );
  });
});
