import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { LEDGER_FILE, METRICS_FILE, TRACE_LOG } from '@taskpod/core';
import { makeLogInputs, makeTempDir, writeFiles } from '@taskpod/testing';
import { parse } from 'yaml';
import { logPatch } from './log-patch';
import { markTaskUndone } from './mark-task-undone';
import { readLedger } from './read-ledger';
import { isPatchEntry } from './spend-lines';

const TASK_FILE = 'task_templates/login/task.yaml';
const TASK_YAML = '# login form\nid: T1\npod: DevPod   # owner\nphase: 1\nstatus: ready\n';
const task = { id: 'T1', pod: 'DevPod', phase: 1, status: 'done' as const, source: { file: TASK_FILE, shape: 'flat' as const } };
const T0 = new Date('2026-11-24T01:30:00Z');
const T1 = new Date('2026-11-25T09:00:00Z');
const T2 = new Date('2026-11-26T09:00:00Z');

function workspace(t: { after: (fn: () => void) => void }) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(dir, { [TASK_FILE]: TASK_YAML });
  return dir;
}
const read = (root: string, rel: string) => readFileSync(path.join(root, rel), 'utf8');
const rows = (root: string) =>
  read(root, TRACE_LOG)
    .split('\n')
    .filter((l) => l.startsWith('| 2026'));
const totals = (root: string) => parse(read(root, METRICS_FILE)).totals;
/** The spend entry the run step writes when the answer of T1's request arrives (tokens and cost of makeLogInputs). */
const paid = (root: string) =>
  appendFileSync(
    path.join(root, LEDGER_FILE),
    `${JSON.stringify({ kind: 'spend', key: `spend:${'r'.repeat(64)}:2026-11-24T00:59:00.000Z`, reply_key: 'r'.repeat(64), task_id: 'T1', pod: 'DevPod', phase: 1, run_id: null, provider: 'openai', model: 'gpt-test', tokens_in: 1000, tokens_out: 250, cost_usd: 0.0125, at: '2026-11-24T00:59:00.000Z' })}\n`,
  );

test('undo marks the patch undone: not done, no files or lines, spend still counted; the trace row stays, marked', async (t) => {
  const root = workspace(t);
  await logPatch(root, task, makeLogInputs('T1'), { now: T0 });
  paid(root);
  const result = await markTaskUndone(root, task, { now: T1 });
  assert.deepEqual(
    result.undone.map((e) => e.key),
    ['patch_20261124_010000_T1.diff'],
  );
  assert.deepEqual(result.written, [LEDGER_FILE, TRACE_LOG, METRICS_FILE, TASK_FILE]);
  const lines = read(root, LEDGER_FILE).trim().split('\n');
  assert.equal(lines.length, 3, 'the patch and spend lines stay as they were; one undo line is appended');
  assert.deepEqual(JSON.parse(lines[2]!), {
    kind: 'undo',
    key: 'undo:patch_20261124_010000_T1.diff',
    task_id: 'T1',
    undoes: 'patch_20261124_010000_T1.diff',
    undone_at: '2026-11-25T09:00:00Z',
  });
  assert.equal((await readLedger(root)).filter(isPatchEntry)[0]!.undone_at, '2026-11-25T09:00:00Z');
  assert.match(rows(root)[0]!, /^\| 2026-11-24T01:30:00Z \| T1 \(undone 2026-11-25T09:00:00Z\) \| DevPod \|/);
  const metrics = totals(root);
  assert.deepEqual([metrics.tasks_done, metrics.patches, metrics.files_changed, metrics.insertions, metrics.prs_opened], [0, 0, 0, 0, 0]);
  assert.deepEqual([metrics.tokens_in, metrics.tokens_out, metrics.cost_usd], [1000, 250, 0.0125], 'spend is never undone');
  assert.equal(read(root, TASK_FILE), `${TASK_YAML}updated_at: 2026-11-25T09:00:00Z\n`, 'status ready, comments kept');
});

test('a second undo adds nothing and writes nothing', async (t) => {
  const root = workspace(t);
  await logPatch(root, task, makeLogInputs('T1'), { now: T0 });
  await markTaskUndone(root, task, { now: T1 });
  const before = [LEDGER_FILE, TRACE_LOG, METRICS_FILE, TASK_FILE].map((f) => read(root, f));
  const again = await markTaskUndone(root, { ...task, status: 'ready' }, { now: T2 });
  assert.deepEqual(again.undone, []);
  assert.deepEqual(again.written, []);
  assert.deepEqual(
    [LEDGER_FILE, TRACE_LOG, METRICS_FILE, TASK_FILE].map((f) => read(root, f)),
    before,
  );
});

test('the same patch logged again after an undo is a new line and a new row, and its spend is counted once', async (t) => {
  const root = workspace(t);
  await logPatch(root, task, makeLogInputs('T1'), { now: T0 });
  paid(root);
  await markTaskUndone(root, task, { now: T1 });
  const redo = await logPatch(root, task, makeLogInputs('T1'), { now: T2 });
  assert.equal(redo.appended, true);
  assert.equal(redo.entry.key, 'patch_20261124_010000_T1.diff#2');
  assert.equal(rows(root).length, 2);
  assert.doesNotMatch(rows(root)[1]!, /undone/);
  const metrics = totals(root);
  assert.deepEqual([metrics.tasks_done, metrics.patches, metrics.files_changed], [1, 1, 2]);
  assert.equal(metrics.cost_usd, 0.0125, 'the same patch was paid for once');
  // And logging it once more is the usual no-op; undoing again marks the new row only.
  assert.equal((await logPatch(root, task, makeLogInputs('T1'), { now: T2 })).appended, false);
  await markTaskUndone(root, task, { now: new Date('2026-11-27T09:00:00Z') });
  assert.match(rows(root)[0]!, /T1 \(undone 2026-11-25T09:00:00Z\)/);
  assert.match(rows(root)[1]!, /T1 \(undone 2026-11-27T09:00:00Z\)/);
  assert.equal(totals(root).tasks_done, 0);
});

test('undo lines are read wherever a merge put them, and an undo of an unknown key is ignored', async (t) => {
  const root = workspace(t);
  await logPatch(root, task, makeLogInputs('T1'), { now: T0 });
  const patch = read(root, LEDGER_FILE);
  const undo = `${JSON.stringify({ kind: 'undo', key: 'undo:patch_20261124_010000_T1.diff', task_id: 'T1', undoes: 'patch_20261124_010000_T1.diff', undone_at: '2026-11-25T09:00:00Z' })}\n`;
  const stray = `${JSON.stringify({ kind: 'undo', key: 'undo:gone', task_id: 'T9', undoes: 'gone', undone_at: '2026-11-25T09:00:00Z' })}\n`;
  writeFiles(root, { [LEDGER_FILE]: undo + stray + patch });
  const entries = (await readLedger(root)).filter(isPatchEntry);
  assert.deepEqual(
    entries.map((e) => [e.key, e.undone_at]),
    [['patch_20261124_010000_T1.diff', '2026-11-25T09:00:00Z']],
  );
});

test('a row a merge brought back beside its undone mark is marked again by the next log', async (t) => {
  const root = workspace(t);
  writeFiles(root, { 'task_templates/t2/task.yaml': 'id: T2\nstatus: ready\n' });
  await logPatch(root, task, makeLogInputs('T1'), { now: T0 });
  const logged = read(root, TRACE_LOG);
  const row = logged.split('\n').find((line) => line.includes(' | T1 | '))!;
  await markTaskUndone(root, task, { now: T1 });
  // What git's union merge leaves when another clone appended a row after the one undo marked.
  writeFiles(root, { [TRACE_LOG]: `${read(root, TRACE_LOG)}${row}\n` });
  const t2 = { id: 'T2', pod: null, phase: null, source: { file: 'task_templates/t2/task.yaml', shape: 'flat' as const } };
  await logPatch(root, t2, makeLogInputs('T2', T2), { now: T2 });
  const t1Rows = rows(root).filter((line) => line.includes('| T1'));
  assert.equal(t1Rows.length, 2);
  for (const line of t1Rows) assert.match(line, /\| T1 \(undone 2026-11-25T09:00:00Z\) \|/);
  assert.equal(rows(root).filter((line) => line.includes('| T2 |')).length, 1);
});
