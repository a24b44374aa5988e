import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { METRICS_FILE, TRACE_LOG } from '@taskpod/core';
import { makeLogInputs, makeTempDir, writeFiles, writeLogInputs } from '@taskpod/testing';
import { parse } from 'yaml';
import { readLedger } from './read-ledger';
import { TRACE_HEADER } from './trace-log';
import { withLedgerLock } from './with-ledger-lock';

const LEDGER = path.join(__dirname, 'index.js');
const PROCESSES = 8;
const TASKS_EACH = 3;
const PODS = ['DevPod', 'QAPod', null];

/** Task k's numbers differ per task, so a lost or doubled row shows in every sum. */
const spec = (k: number) => ({
  pod: PODS[k % 3],
  phase: k % 4 === 0 ? null : k % 4,
  tokensIn: 1000 + k,
  tokensOut: 10 * k,
  costUsd: k / 1000,
  durationS: k / 2,
  pr: k % 5 === 0 ? null : 100 + k,
});

const CHILD = `
  const { buildSpendEntry, logPatch, readLogInputs, recordSpend } = require(${JSON.stringify(LEDGER)});
  const [root, ...ids] = process.argv.slice(2);
  process.stdout.write('ready\\n');
  process.stdin.once('data', async () => {
    for (const id of ids) {
      const k = Number(id.slice(1));
      const pods = ['DevPod', 'QAPod', null];
      const task = { id, pod: pods[k % 3], phase: k % 4 === 0 ? null : k % 4, source: { file: 'task_templates/' + id + '/task.yaml', shape: 'tasks-map' } };
      const inputs = await readLogInputs(root, id);
      // As run does: the spend entry when the answer arrives, then the log of its patch.
      const run = inputs.run;
      const paid = { replyKey: run.reply_key + id, task, runId: null, provider: 'openai', model: run.model, tokensIn: run.tokens_in, tokensOut: run.tokens_out, costUsd: run.cost_usd, at: new Date() };
      await recordSpend(root, buildSpendEntry(paid), null);
      await logPatch(root, task, inputs, { now: new Date() });
    }
    process.exit(0);
  });
`;

test(`${PROCESSES} processes paying for and logging different tasks at once: no row or spend line lost, metrics exact`, async (t) => {
  const { dir: root, cleanup } = makeTempDir();
  t.after(cleanup);
  const script = path.join(root, 'child.js');
  writeFileSync(script, CHILD);
  const ids = Array.from({ length: PROCESSES * TASKS_EACH }, (_, k) => `T${k}`);
  for (const [k, id] of ids.entries()) {
    writeFiles(root, {
      [`task_templates/${id}/task.yaml`]: `tasks:\n  ${id}:\n    # from the planner\n    ready: true\n    done: false\n`,
    });
    writeLogInputs(root, makeLogInputs(id, new Date(Date.UTC(2026, 10, 24, 1, 0, k)), spec(k)));
  }
  const children = Array.from({ length: PROCESSES }, (_, p) =>
    spawn(process.execPath, [script, root, ...ids.filter((_, k) => k % PROCESSES === p)], { stdio: ['pipe', 'pipe', 'pipe'] }),
  );
  const stderr = children.map(() => '');
  await Promise.all(children.map((c) => new Promise<void>((resolve) => c.stdout.once('data', () => resolve()))));
  const exits = children.map((c, i) => {
    c.stderr.on('data', (d) => (stderr[i] += d));
    return new Promise<number | null>((resolve) => c.on('exit', resolve));
  });
  for (const c of children) c.stdin.end('go\n'); // all start together, after every module has loaded
  assert.deepEqual(
    await Promise.all(exits),
    children.map(() => 0),
    stderr.join('\n'),
  );

  const entries = await readLedger(root);
  assert.deepEqual(
    entries
      .filter((e) => !('kind' in e))
      .map((e) => e.task_id)
      .sort(),
    [...ids].sort(),
  );
  assert.deepEqual(
    entries
      .filter((e) => 'kind' in e && e.kind === 'spend')
      .map((e) => e.task_id)
      .sort(),
    [...ids].sort(),
  );
  const trace = readFileSync(path.join(root, TRACE_LOG), 'utf8');
  assert.ok(trace.startsWith(TRACE_HEADER));
  assert.equal(trace.split('\n').filter((l) => /^\| \d{4}-/.test(l)).length, ids.length);
  for (const id of ids) {
    assert.match(trace, new RegExp(`\\| ${id} \\|`));
    assert.match(readFileSync(path.join(root, `task_templates/${id}/task.yaml`), 'utf8'), /ready: false\n {4}done: true\n {4}updated_at: /);
    assert.match(readFileSync(path.join(root, `.logs/feedback/${id}.md`), 'utf8'), /## Human feedback/);
  }

  const metrics = parse(readFileSync(path.join(root, METRICS_FILE), 'utf8'));
  const specs = ids.map((_, k) => spec(k));
  const sum = (list: typeof specs, f: (s: (typeof specs)[number]) => number) => list.reduce((a, s) => a + f(s), 0);
  const expected = (list: typeof specs) => ({
    tasks_done: list.length,
    patches: list.length,
    files_changed: 2 * list.length,
    insertions: 14 * list.length,
    deletions: 2 * list.length,
    tokens_in: sum(list, (s) => s.tokensIn),
    tokens_out: sum(list, (s) => s.tokensOut),
    cost_usd: sum(list, (s) => Math.round(s.costUsd * 1e6)) / 1e6,
    paid_calls: list.length,
    cost_unknown_calls: 0,
    duration_s: sum(list, (s) => s.durationS * 1000) / 1000,
    prs_opened: list.filter((s) => s.pr !== null).length,
  });
  assert.deepEqual(metrics.totals, expected(specs));
  for (const pod of PODS) assert.deepEqual(metrics.by_pod[pod ?? 'none'], expected(specs.filter((s) => s.pod === pod)));
  for (const phase of [1, 2, 3, null])
    assert.deepEqual(metrics.by_phase[phase ?? 'none'], expected(specs.filter((s) => s.phase === phase)));
});

test('callers in one process take turns in order, one at a time, and a failing one passes the turn on', async (t) => {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  let inside = 0;
  const order: number[] = [];
  const results = await Promise.allSettled(
    [0, 1, 2, 3, 4, 5].map((n) =>
      withLedgerLock(dir, async () => {
        inside += 1;
        assert.equal(inside, 1, 'never two holders at once');
        order.push(n);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inside -= 1;
        if (n === 2) throw new Error('write failed');
        return n;
      }),
    ),
  );
  assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled'],
  );
});
