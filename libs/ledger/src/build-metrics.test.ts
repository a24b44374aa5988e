import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { buildLedgerEntry, type LedgerEntry } from './build-ledger-entry';
import { buildMetrics, formatMetrics } from './build-metrics';
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
  'duration_s',
  'prs_opened',
];

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
  const m = buildMetrics([entry('A', 1), entry('A', 2), entry('B', 3, { pr: 9 }), entry('C', 4, { pr: null })]);
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
  const entries = Array.from({ length: 30 }, (_, i) => entry(`T${i}`, i, { costUsd: 0.1, durationS: 0.2, pod: i % 2 ? 'A' : 'B' }));
  const m = buildMetrics(entries);
  assert.equal(m.totals.cost_usd, 3);
  assert.equal(m.totals.duration_s, 6);
  assert.equal(m.by_pod.get('A')!.cost_usd, 1.5);
  assert.equal(buildMetrics([]).totals.tasks_done, 0);
});
