import assert from 'node:assert/strict';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { LEDGER_FILE, LEDGER_LOCK, METRICS_FILE, TRACE_LOG } from '@taskpod/core';
import { makeLogInputs, makeTempDir, writeFiles } from '@taskpod/testing';
import { parse } from 'yaml';
import { logPatch } from './log-patch';
import { readLedger } from './read-ledger';
import { readLogInputs } from './read-log-inputs';
import { TEMP_SUFFIX } from '@taskpod/core/atomic-write';

const TASK_FILE = 'task_templates/login/task.yaml';
const TASK_YAML = `# login form\nid: T1\npod: DevPod   # owner\nphase: 1\nstatus: ready\ncreated_at: "2026-11-01"\n`;
const task = { id: 'T1', pod: 'DevPod', phase: 1, source: { file: TASK_FILE, shape: 'flat' as const } };
const T0 = new Date('2026-11-24T01:30:00Z');

function workspace(t: { after: (fn: () => void) => void }) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(dir, { [TASK_FILE]: TASK_YAML });
  return dir;
}
const read = (root: string, rel: string) => readFileSync(path.join(root, rel), 'utf8');
const snapshot = (root: string) => [TRACE_LOG, LEDGER_FILE, METRICS_FILE, '.logs/feedback/T1.md', TASK_FILE].map((f) => read(root, f));

test('one log writes the trace row, feedback, ledger line, metrics and the done status', async (t) => {
  const root = workspace(t);
  const result = await logPatch(root, task, makeLogInputs('T1'), { now: T0 });
  assert.equal(result.appended, true);
  assert.deepEqual(result.written, [TRACE_LOG, '.logs/feedback/T1.md', LEDGER_FILE, METRICS_FILE, TASK_FILE]);
  assert.match(read(root, TRACE_LOG), /\| 2026-11-24T01:30:00Z \| T1 \| DevPod \| 1 \| 2 \| \+14\/-2 \|/);
  assert.deepEqual(
    (await readLedger(root)).map((e) => e.key),
    ['patch_20261124_010000_T1.diff'],
  );
  const metrics = parse(read(root, METRICS_FILE));
  assert.equal(metrics.totals.tasks_done, 1);
  // The run's spend entry counts its cost (written when the answer arrived), never the log of its patch.
  assert.equal(metrics.by_pod.DevPod.cost_usd, 0);
  assert.equal(metrics.by_pod.DevPod.paid_calls, 0);
  assert.equal(
    read(root, TASK_FILE),
    TASK_YAML.replace('status: ready', 'status: done').replace('"2026-11-01"\n', '"2026-11-01"\nupdated_at: "2026-11-24T01:30:00Z"\n'),
  );
  assert.match(read(root, '.logs/feedback/T1.md'), /## Human feedback/);
  assert.equal(existsSync(path.join(root, LEDGER_LOCK)), false, 'the lock is released');
});

test('logging the same patch twice adds nothing anywhere', async (t) => {
  const root = workspace(t);
  await logPatch(root, task, makeLogInputs('T1'), { now: T0 });
  const before = snapshot(root);
  const again = await logPatch(root, task, makeLogInputs('T1'), { now: new Date('2026-11-24T02:00:00Z') });
  assert.equal(again.appended, false);
  assert.deepEqual(again.written, []);
  assert.deepEqual(snapshot(root), before);
  assert.equal(again.entry.logged_at, '2026-11-24T01:30:00Z', 'the earlier record is returned');
});

test('a re-run after a crash past the ledger line completes the record without duplicates', async (t) => {
  const root = workspace(t);
  await logPatch(root, task, makeLogInputs('T1'), { now: T0 });
  const trace = read(root, TRACE_LOG);
  // As if killed right after the ledger write: metrics and task.yaml not yet written.
  writeFileSync(path.join(root, METRICS_FILE), 'totals: {}\n');
  writeFileSync(path.join(root, TASK_FILE), TASK_YAML);
  const repair = await logPatch(root, task, makeLogInputs('T1'), { now: new Date('2026-11-24T02:00:00Z') });
  assert.equal(repair.appended, false);
  assert.deepEqual(repair.written, [METRICS_FILE, TASK_FILE]);
  assert.equal(read(root, TRACE_LOG), trace);
  assert.equal(parse(read(root, METRICS_FILE)).totals.patches, 1);
  assert.match(read(root, TASK_FILE), /status: done/);
});

test('a bad ledger line is an error naming file and line, and nothing is written', async (t) => {
  const root = workspace(t);
  await logPatch(root, task, makeLogInputs('T1'), { now: T0 });
  const ledger = read(root, LEDGER_FILE);
  writeFileSync(path.join(root, LEDGER_FILE), `${ledger}<<<<<<< HEAD\n`);
  writeFileSync(path.join(root, TASK_FILE), TASK_YAML);
  const before = snapshot(root);
  await assert.rejects(
    logPatch(root, task, makeLogInputs('T1', new Date('2026-11-24T03:00:00Z')), { now: T0 }),
    /\.logs\/ledger\.jsonl:2: not a JSON line/,
  );
  assert.deepEqual(snapshot(root), before);
});

test('temp files a killed writer left are never read and are swept under the lock', async (t) => {
  const root = workspace(t);
  mkdirSync(path.join(root, '.logs'), { recursive: true });
  const stray = path.join(root, '.logs', `.trace_log.md.999.dead${TEMP_SUFFIX}`);
  writeFileSync(stray, '| garbage |');
  await logPatch(root, task, makeLogInputs('T1'), { now: T0 });
  assert.doesNotMatch(read(root, TRACE_LOG), /garbage/);
  assert.deepEqual(
    readdirSync(path.join(root, '.logs')).filter((n) => n.endsWith(TEMP_SUFFIX)),
    [],
  );
});

test('a lock left by a killed process is taken over once stale; a live one makes log wait, then fail clearly', async (t) => {
  const root = workspace(t);
  const lock = path.join(root, LEDGER_LOCK);
  mkdirSync(lock, { recursive: true });
  await assert.rejects(
    logPatch(root, task, makeLogInputs('T1'), { now: T0, lock: { waitMs: 200 } }),
    /Could not lock \.logs\/\.ledger\.lock/,
  );
  const old = new Date(Date.now() - 60_000);
  utimesSync(lock, old, old);
  const result = await logPatch(root, task, makeLogInputs('T1'), { now: T0, lock: { waitMs: 200 } });
  assert.equal(result.appended, true);
});

test('readLogInputs names the missing record and the step to run first', async (t) => {
  const root = workspace(t);
  await assert.rejects(
    readLogInputs(root, 'T1'),
    (e: Error & { details?: { hint?: string } }) =>
      /\.patches\/T1\/patch\.json is missing/.test(e.message) && e.details?.hint === 'Run `taskpod patch T1` first.',
  );
});

test('a task.yaml with bytes that are not UTF-8 is refused with its byte offset, and nothing is written', async (t) => {
  const root = workspace(t);
  // `pod: Caf\xe9`: a Latin-1 é that 'utf8' decoding would turn into U+FFFD and the write-back would keep.
  const bytes = Buffer.from(TASK_YAML.replace('DevPod', 'Caf\u0000'), 'latin1');
  bytes[bytes.indexOf(0)] = 0xe9;
  writeFileSync(path.join(root, TASK_FILE), bytes);
  await assert.rejects(
    logPatch(root, task, makeLogInputs('T1'), { now: T0 }),
    (e: Error) =>
      e.name === 'UserError' && /task_templates\/login\/task\.yaml:3: is not valid UTF-8: byte 0xE9 at byte offset 28/.test(e.message),
  );
  assert.deepEqual(readFileSync(path.join(root, TASK_FILE)), bytes, 'the file is unchanged');
  assert.equal(existsSync(path.join(root, LEDGER_FILE)), false, 'nothing else was written');
});

test('a symlinked task.yaml is written through and stays a symlink', async (t) => {
  const root = workspace(t);
  writeFiles(root, { 'shared/login.yaml': TASK_YAML });
  rmSync(path.join(root, TASK_FILE));
  symlinkSync('../../shared/login.yaml', path.join(root, TASK_FILE));
  const result = await logPatch(root, task, makeLogInputs('T1'), { now: T0 });
  assert.ok(result.written.includes(TASK_FILE));
  assert.ok(lstatSync(path.join(root, TASK_FILE)).isSymbolicLink(), 'still a symlink');
  assert.equal(readlinkSync(path.join(root, TASK_FILE)), '../../shared/login.yaml');
  assert.match(read(root, 'shared/login.yaml'), /status: done\n/);
  assert.deepEqual(readdirSync(path.join(root, 'shared')), ['login.yaml'], 'no temp file left beside the target');
});

test('a task.yaml symlinked out of the workspace or into .git/ is refused, and nothing is written', async (t) => {
  const outside = makeTempDir();
  t.after(outside.cleanup);
  for (const target of [path.join(outside.dir, 'login.yaml'), '.git/login.yaml']) {
    const root = workspace(t);
    const real = path.resolve(root, target);
    writeFiles(path.dirname(real), { [path.basename(real)]: TASK_YAML });
    rmSync(path.join(root, TASK_FILE));
    symlinkSync(real, path.join(root, TASK_FILE));
    await assert.rejects(
      logPatch(root, task, makeLogInputs('T1'), { now: T0 }),
      (e: Error) =>
        e.name === 'UserError' &&
        e.message.startsWith(`Refusing to write ${TASK_FILE}: it resolves `) &&
        /which (leaves the workspace|enters `\.git\/`)/.test(e.message),
    );
    assert.equal(readFileSync(real, 'utf8'), TASK_YAML);
    assert.ok(lstatSync(path.join(root, TASK_FILE)).isSymbolicLink());
    assert.equal(existsSync(path.join(root, LEDGER_FILE)), false);
  }
});
