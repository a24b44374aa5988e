import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { buildLedgerEntry, type LedgerEntry } from './build-ledger-entry';
import { buildMetrics, formatMetrics } from './build-metrics';
import { buildSpendEntry } from './spend-entry';
import type { LedgerLine } from './spend-lines';
import { makeLogInputs } from '@taskpod/testing';

const KEYS = [
  'tasks_done',
  'patches',
  'files_changed',
  'insertions',
  'deletions',
  'tokens_in',
  'tokens_out',
  'cost_usd',
  'paid_calls',
  'cost_unknown_calls',
  'duration_s',
  'prs_opened',
];

/** The spend line of one paid request of task `id`. */
function spend(
  id: string,
  o: { pod?: string | null; phase?: number | null; costUsd?: number | null; tokensIn?: number; tokensOut?: number } = {},
) {
  return buildSpendEntry({
    replyKey: `r-${id}-${Math.random()}`,
    task: { id, pod: o.pod === undefined ? 'DevPod' : o.pod, phase: o.phase === undefined ? 1 : o.phase },
    runId: null,
    provider: 'openai',
    model: 'gpt-test',
    tokensIn: o.tokensIn ?? 1000,
    tokensOut: o.tokensOut ?? 250,
    costUsd: o.costUsd === undefined ? 0.0125 : o.costUsd,
    at: new Date('2026-11-24T01:00:00Z'),
  });
}

function entry(id: string, minute: number, o: Parameters<typeof makeLogInputs>[2] = {}): LedgerEntry {
  const at = new Date(Date.UTC(2026, 10, 24, 1, minute));
  const inputs = makeLogInputs(id, at, o);
  return buildLedgerEntry({ id, pod: null, phase: null, source: { file: 'x', shape: 'flat' } }, inputs, at);
}

test('every bucket has exactly the documented keys; no pod / no phase go under `none`, listed last', () => {
  const entries = [
    entry('A', 1, { pod: 'QAPod', phase: 2 }),
    entry('B', 2, { pod: null, phase: null }),
    entry('C', 3, { pod: 'DevPod', phase: 1 }),
  ];
  const yaml = parse(formatMetrics(buildMetrics(entries)));
  assert.deepEqual(Object.keys(yaml), ['totals', 'by_pod', 'by_phase']);
  assert.deepEqual(Object.keys(yaml.by_pod), ['DevPod', 'QAPod', 'none']);
  assert.deepEqual(Object.keys(yaml.by_phase), ['1', '2', 'none']);
  for (const bucket of [yaml.totals, ...Object.values(yaml.by_pod), ...Object.values(yaml.by_phase)]) {
    assert.deepEqual(Object.keys(bucket as object), KEYS);
  }
  assert.equal(yaml.by_pod.none.tasks_done, 1);
  assert.equal(yaml.by_phase.none.patches, 1);
});

test('a task logged with two patches is one task done, two patches; its one PR counts once', () => {
  const m = buildMetrics([
    entry('A', 1),
    entry('A', 2),
    entry('B', 3, { pr: 9 }),
    entry('C', 4, { pr: null }),
    ...['A', 'A', 'B', 'C'].map((id) => spend(id)),
  ]);
  assert.equal(m.totals.tasks_done, 3);
  assert.equal(m.totals.patches, 4);
  assert.equal(m.totals.prs_opened, 2);
  assert.equal(m.totals.files_changed, 8);
  assert.equal(m.totals.insertions, 56);
  assert.equal(m.totals.deletions, 8);
  assert.equal(m.totals.tokens_in, 4000);
  assert.equal(m.totals.tokens_out, 1000);
});

test('money and durations add up exactly (no float drift over many entries)', () => {
  const entries: LedgerLine[] = Array.from({ length: 30 }, (_, i) => entry(`T${i}`, i, { durationS: 0.2, pod: i % 2 ? 'A' : 'B' }));
  for (let i = 0; i < 30; i++) entries.push(spend(`T${i}`, { costUsd: 0.1, pod: i % 2 ? 'A' : 'B' }));
  const m = buildMetrics(entries);
  assert.equal(m.totals.cost_usd, 3);
  assert.equal(m.totals.duration_s, 6);
  assert.equal(m.by_pod.get('A')!.cost_usd, 1.5);
  assert.equal(buildMetrics([]).totals.tasks_done, 0);
});

test('spend comes from spend lines: a logged patch of a paid request adds no cost, a rejected request (no patch) counts', () => {
  // A's request was logged twice (a re-log, a second patch of one reply); B's reply was rejected, never logged.
  const m = buildMetrics([
    spend('A', { costUsd: 0.01 }),
    entry('A', 1),
    entry('A', 2),
    spend('B', { costUsd: 0.02, pod: 'QAPod', phase: 2 }),
  ]);
  assert.equal(m.totals.paid_calls, 2);
  assert.equal(m.totals.cost_usd, 0.03);
  assert.equal(m.totals.tokens_in, 2000);
  assert.equal(m.totals.tasks_done, 1, 'B did nothing, but paid');
  assert.equal(m.by_pod.get('QAPod')!.cost_usd, 0.02);
  assert.equal(m.by_pod.get('QAPod')!.tasks_done, 0);
  assert.equal(m.by_phase.get(2)!.paid_calls, 1);
});

test('a model with no known price: cost_usd sums the known costs, cost_unknown_calls counts the others, never as 0', () => {
  const m = buildMetrics([spend('A', { costUsd: 0.5 }), spend('B', { costUsd: null }), spend('C', { costUsd: null, pod: 'Local' })]);
  assert.equal(m.totals.cost_usd, 0.5);
  assert.equal(m.totals.paid_calls, 3);
  assert.equal(m.totals.cost_unknown_calls, 2);
  assert.equal(m.by_pod.get('Local')!.cost_usd, 0);
  assert.equal(m.by_pod.get('Local')!.cost_unknown_calls, 1);
  const yaml = parse(formatMetrics(m));
  assert.equal(yaml.totals.cost_unknown_calls, 2);
});

test('a patch logged before spend lines existed (no reply_key field) still counts its own tokens and cost', () => {
  const legacy = { ...entry('OLD', 1, { costUsd: 0.25 }) } as Partial<LedgerEntry>;
  delete legacy.reply_key;
  const m = buildMetrics([legacy as LedgerEntry, spend('NEW', { costUsd: 0.5 }), entry('NEW', 2, { costUsd: 0.5 })]);
  assert.equal(m.totals.cost_usd, 0.75);
  assert.equal(m.totals.paid_calls, 2);
  assert.equal(m.totals.patches, 2);
});
