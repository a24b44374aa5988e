import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { makeTempDir, writeFiles } from '@taskpod/testing';
import { reopenTask } from './reopen-task';
import { withLedgerLock } from './with-ledger-lock';
import { writeTaskStatuses, type StatusTask } from './write-task-statuses';

const NOW = new Date('2026-11-24T01:30:00Z');
const A = '# owner: web\nid: a\nstatus: done   # by log\n';
const B = 'tasks:\n  b:\n    title: B\n    done: true\n';
const tasks: StatusTask[] = [
  { id: 'a', status: 'done', source: { file: 't/a/task.yaml', shape: 'flat' } },
  { id: 'b', status: 'done', source: { file: 't/b/task.yaml', shape: 'tasks-map' } },
];

function setup(t: { after: (fn: () => void) => void }) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(dir, { 't/a/task.yaml': A, 't/b/task.yaml': B });
  return { dir, read: (rel: string) => readFileSync(path.join(dir, rel), 'utf8') };
}

test('sets every task, keeping comments, and waits for the lock `log` holds', async (t) => {
  const { dir, read } = setup(t);
  let release!: () => void;
  let holding!: () => void;
  const holds = new Promise<void>((resolve) => (holding = resolve));
  const held = withLedgerLock(
    dir,
    () =>
      new Promise<void>((resolve) => {
        release = resolve;
        holding();
      }),
  );
  // Only once the lock is really held (taking it may take a while on a busy machine).
  await holds;
  const writing = writeTaskStatuses(dir, tasks, 'ready', { now: NOW });
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(read('t/a/task.yaml'), A, 'nothing written while the lock is held');
  release();
  await held;
  const changes = await writing;
  assert.deepEqual(
    changes.map((c) => [c.id, c.from, c.to, c.changed]),
    [
      ['a', 'done', 'ready', ['status', 'updated_at']],
      ['b', 'done', 'ready', ['done', 'ready', 'updated_at']],
    ],
  );
  assert.equal(read('t/a/task.yaml'), '# owner: web\nid: a\nstatus: ready   # by log\nupdated_at: 2026-11-24T01:30:00Z\n');
  assert.deepEqual(
    (await writeTaskStatuses(dir, tasks, 'ready', { now: NOW })).map((c) => c.changed),
    [[], []],
    'the same status again writes nothing',
  );
});

test('a missing file writes nothing, not even the tasks before it', async (t) => {
  const { dir, read } = setup(t);
  const missing: StatusTask = { id: 'c', status: 'ready', source: { file: 't/c/task.yaml', shape: 'flat' } };
  await assert.rejects(
    writeTaskStatuses(dir, [...tasks, missing], 'blocked', { now: NOW }),
    /t\/c\/task\.yaml is missing; nothing was written/,
  );
  assert.equal(read('t/a/task.yaml'), A);
  assert.equal(read('t/b/task.yaml'), B);
});

test('reopen appends the feedback and sets ready; without feedback only the status', async (t) => {
  const { dir, read } = setup(t);
  const result = await reopenTask(dir, tasks[0]!, 'Use the brand colours.', { now: NOW });
  assert.equal(result.feedbackFile, '.logs/feedback/a.md');
  assert.match(read('.logs/feedback/a.md'), /## Human feedback\n\n### Reopened 2026-11-24T01:30:00Z\n\nUse the brand colours\.\n$/);
  assert.match(read('t/a/task.yaml'), /status: ready {3}# by log/);
  const second = await reopenTask(dir, tasks[1]!, null, { now: NOW });
  assert.equal(second.feedbackFile, null);
  assert.deepEqual(second.status.changed, ['done', 'ready', 'updated_at']);
});
