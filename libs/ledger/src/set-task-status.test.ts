import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { setTaskStatus } from './set-task-status';
import type { TaskFileTarget } from './find-task-map';

const NOW = '2026-11-24T01:30:00Z';

/** `log`'s use: status done. */
const markTaskDone = (text: string, target: TaskFileTarget, at: string) => setTaskStatus(text, target, 'done', at);

const FLAT = `# DevPod task: login form
# Owner: web team   (reviewed weekly)

id: "2.1"   # quoted on purpose: 2.10 must not become 2.1
title: 'Build the login form'
description: >
  Build the login form with validation and a
  long description that goes past eighty characters on purpose, so a reflow would show here.
phase: "Phase 2 - Development"
pod: DevPod
status: ready  # set by the planner

priority: high
created_at: 2026-11-01T09:00:00Z
updated_at: 2026-11-02T10:00:00Z   # last touched by hand
inputs:
- src/auth/**
- docs/login.md
outputs:
    - src/auth/login-form.tsx
depends_on: [ "1.1", "1.2" ]
extra: {a: 1, b: two}

# trailing comment
`;

test('flat file: only the status and updated_at lines change, comments and quoting kept', () => {
  const result = markTaskDone(FLAT, { id: '2.1', file: 'task_templates/login/task.yaml', shape: 'flat' }, NOW);
  assert.ok(result);
  assert.deepEqual(result.changed, ['status', 'updated_at']);
  const expected = FLAT.replace('status: ready  # set by', 'status: done  # set by').replace(
    'updated_at: 2026-11-02T10:00:00Z   #',
    `updated_at: ${NOW}   #`,
  );
  assert.notEqual(expected, FLAT);
  assert.equal(result.text, expected);
});

const ORIGINAL_SHAPE = `template: true
tasks:
  QA-7:
    # QA task from the original framework
    title: "Write e2e tests for checkout"
    pod_owner: QAPod
    phase: Phase 3 - QA
    ready: true
    done: false    # flipped by the runner
    priority: true
    created_at: "2026-10-30T12:00:00Z"

    inputs:
      - "tests/e2e/**"
    outputs: ["tests/e2e/checkout.spec.ts"]
    notes: |
      Keep the
        indentation.
`;

test('tasks: map with flags and no status: done true, ready false, updated_at added after created_at in its quoting', () => {
  const result = markTaskDone(ORIGINAL_SHAPE, { id: 'QA-7', file: 't.yaml', shape: 'tasks-map' }, NOW);
  assert.ok(result);
  assert.deepEqual(result.changed, ['done', 'ready', 'updated_at']);
  const expected = ORIGINAL_SHAPE.replace('ready: true', 'ready: false')
    .replace('done: false    #', 'done: true    #')
    .replace('created_at: "2026-10-30T12:00:00Z"\n', `created_at: "2026-10-30T12:00:00Z"\n    updated_at: "${NOW}"\n`);
  assert.equal(result.text, expected);
  assert.equal(parse(result.text).tasks['QA-7'].status, undefined, 'no status added beside the flags');
});

test('a file with neither status nor flags gets `status: done` after the pod', () => {
  const text = `id: T9\n# who\npod: DevPod\n\ncreated_at: 2026-11-01\n`;
  const result = markTaskDone(text, { id: 'T9', file: 'x', shape: 'flat' }, NOW);
  assert.equal(result?.text, `id: T9\n# who\npod: DevPod\nstatus: done\n\ncreated_at: 2026-11-01\nupdated_at: ${NOW}\n`);
});

test('only `ready: true`: adds `done: true` after it and clears ready', () => {
  const text = `tasks:\n  "1.10":\n    title: x\n    ready: true\n  # end\n`;
  const result = markTaskDone(text, { id: '1.10', file: 'x', shape: 'tasks-map' }, NOW);
  assert.equal(result?.text, `tasks:\n  "1.10":\n    title: x\n    ready: false\n    done: true\n    updated_at: ${NOW}\n  # end\n`);
});

test('status and flags together are all kept consistent; quoted status stays quoted', () => {
  const text = `id: T1\nstatus: "in_progress"\nready: true\ndone: false\n`;
  const result = markTaskDone(text, { id: 'T1', file: 'x', shape: 'flat' }, NOW);
  assert.equal(result?.text, `id: T1\nstatus: "done"\nupdated_at: ${NOW}\nready: false\ndone: true\n`);
});

test('a task already done is left alone (no updated_at bump)', () => {
  assert.equal(markTaskDone(`id: T1\nstatus: done\n`, { id: 'T1', file: 'x', shape: 'flat' }, NOW), null);
  assert.equal(markTaskDone(`tasks:\n  T1:\n    done: true\n`, { id: 'T1', file: 'x', shape: 'tasks-map' }, NOW), null);
});

test('CRLF files keep CRLF, also on inserted lines', () => {
  const text = 'id: T1\r\npod: QAPod # owner\r\nstatus: ready\r\n';
  const result = markTaskDone(text, { id: 'T1', file: 'x', shape: 'flat' }, NOW);
  assert.equal(result?.text, `id: T1\r\npod: QAPod # owner\r\nstatus: done\r\nupdated_at: ${NOW}\r\n`);
});

test('the tasks: key is matched as written: 1.1 is not 1.10', () => {
  const text = `tasks:\n  1.10:\n    status: ready\n`;
  assert.throws(
    () => markTaskDone(text, { id: '1.1', file: 'a/task.yaml', shape: 'tasks-map' }, NOW),
    /a\/task\.yaml: `tasks:` has no map under the key `1\.1`/,
  );
  assert.match(markTaskDone(text, { id: '1.10', file: 'a', shape: 'tasks-map' }, NOW)!.text, /status: done/);
});

test('a flow-map task is still updated correctly (through Document#toString)', () => {
  const text = `tasks: {T1: {status: ready, pod: X}}\n`;
  const result = markTaskDone(text, { id: 'T1', file: 'x', shape: 'tasks-map' }, NOW);
  assert.deepEqual(parse(result!.text), { tasks: { T1: { status: 'done', pod: 'X', updated_at: NOW } } });
});

test('malformed YAML and a changed id are errors naming the file and line', () => {
  assert.throws(
    () => markTaskDone(`id: T1\nstatus: [ready\n`, { id: 'T1', file: 'bad/task.yaml', shape: 'flat' }, NOW),
    /bad\/task\.yaml:\d+: cannot update the task/,
  );
  assert.throws(() => markTaskDone(`id: T2\n`, { id: 'T1', file: 'f.yaml', shape: 'flat' }, NOW), /f\.yaml: its `id` is not `T1`/);
});

test('an alias bomb is an error naming the file, not a ReferenceError', () => {
  const levels = ['id: T1', 'status: ready', 'a: &a [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 8; i++)
    levels.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(', ')}]`,
    );
  assert.throws(
    () => markTaskDone(`${levels.join('\n')}\n`, { id: 'T1', file: 't/task.yaml', shape: 'flat' }, NOW),
    (e: Error) =>
      e.name === 'UserError' && /^t\/task\.yaml: cannot update the task: its YAML aliases .* expand to too many nodes/.test(e.message),
  );
});

describe('any status, as set-status and reopen write it', () => {
  const at = (id: string, shape: TaskFileTarget['shape'] = 'flat'): TaskFileTarget => ({ id, file: 'x', shape });

  test('a done flat task reopened: only the status and updated_at lines change, comments kept', () => {
    const done = markTaskDone(FLAT, at('2.1'), NOW)!.text;
    const result = setTaskStatus(done, at('2.1'), 'ready', '2026-11-25T00:00:00Z');
    assert.deepEqual(result?.changed, ['status', 'updated_at']);
    assert.equal(result?.text, FLAT.replace('updated_at: 2026-11-02T10:00:00Z   #', 'updated_at: 2026-11-25T00:00:00Z   #'));
  });

  test('flags only: ready and backlog stay flags, no status is added', () => {
    const done = markTaskDone(ORIGINAL_SHAPE, at('QA-7', 'tasks-map'), NOW)!.text;
    const ready = setTaskStatus(done, at('QA-7', 'tasks-map'), 'ready', NOW)!;
    assert.deepEqual(ready.changed, ['done', 'ready', 'updated_at']);
    assert.match(ready.text, /ready: true\n {4}done: false {4}# flipped by the runner\n/);
    assert.equal(parse(ready.text).tasks['QA-7'].status, undefined);
    const backlog = setTaskStatus(ready.text, at('QA-7', 'tasks-map'), 'backlog', NOW)!;
    assert.deepEqual(parse(backlog.text).tasks['QA-7'], { ...parse(ready.text).tasks['QA-7'], ready: false });
    const onlyDone = setTaskStatus('tasks:\n  T1:\n    done: true\n', at('T1', 'tasks-map'), 'ready', NOW)!;
    assert.equal(onlyDone.text, `tasks:\n  T1:\n    done: false\n    updated_at: ${NOW}\n    ready: true\n`);
  });

  test('flags only and a status the flags cannot say: `status` is added and the flags cleared', () => {
    const result = setTaskStatus('tasks:\n  T1:\n    title: x\n    ready: true\n', at('T1', 'tasks-map'), 'blocked', NOW)!;
    assert.deepEqual(parse(result.text), { tasks: { T1: { title: 'x', status: 'blocked', ready: false, updated_at: NOW } } });
  });

  test('status and flags together all follow; the same status again changes nothing', () => {
    const result = setTaskStatus('id: T1\nstatus: done  # by log\ndone: true\n', at('T1'), 'failed', NOW)!;
    assert.equal(result.text, `id: T1\nstatus: failed  # by log\nupdated_at: ${NOW}\ndone: false\n`);
    assert.equal(setTaskStatus(result.text, at('T1'), 'failed', NOW), null);
  });

  test('a framework word is replaced by the canonical status', () => {
    const result = setTaskStatus('id: T1\nstatus: "in progress"\n', at('T1'), 'in_progress', NOW)!;
    assert.equal(result.text, `id: T1\nstatus: "in_progress"\nupdated_at: ${NOW}\n`);
  });
});
