import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeLogInputs } from '@taskpod/testing';
import { buildLedgerEntry, type LedgerEntry } from './build-ledger-entry';
import { buildMetrics, formatMetrics } from './build-metrics';
import { mergeMetrics } from './merge-metrics';
import { buildSpendEntry } from './spend-entry';
import type { LedgerLine } from './spend-lines';

let pr = 0;
/** A logged patch of task `id` with its own pull request, and its paid request. */
function entry(id: string, pod: string | null, phase: number | null, costUsd: number | null = 0.0125): LedgerLine[] {
  const at = new Date('2026-11-24T01:00:00Z');
  const inputs = makeLogInputs(id, at, { pod, phase, pr: ++pr });
  const patch: LedgerEntry = buildLedgerEntry({ id, pod, phase, source: { file: 'x', shape: 'flat' } }, inputs, at);
  const paid = buildSpendEntry({
    replyKey: `r-${id}`,
    task: { id, pod, phase },
    runId: null,
    provider: 'openai',
    model: 'gpt-test',
    tokensIn: 1000,
    tokensOut: 250,
    costUsd,
    at,
  });
  return [patch, paid];
}
const metricsOf = (lines: LedgerLine[]) => formatMetrics(buildMetrics(lines));

test('merging two sides that logged different tasks gives what the merged ledger recomputes to', () => {
  const base = [...entry('B0', 'DevPod', 1)];
  const ours = [...base, ...entry('A1', 'DevPod', 2, 0.1), ...entry('A22', null, null, null)];
  const theirs = [...base, ...entry('T1', 'QAPod', 1, 0.0000007), ...entry('T22', 'DevPod', 2)];
  const merged = mergeMetrics({ base: metricsOf(base), ours: metricsOf(ours), theirs: metricsOf(theirs) });
  assert.equal(merged, metricsOf([...ours, ...theirs.slice(base.length)]));
});

test('both sides creating metrics.yaml (no base) adds them', () => {
  const ours = entry('A1', 'DevPod', 1);
  const theirs = entry('T1', 'QAPod', 3);
  assert.equal(mergeMetrics({ base: null, ours: metricsOf(ours), theirs: metricsOf(theirs) }), metricsOf([...ours, ...theirs]));
  assert.equal(mergeMetrics({ base: '', ours: metricsOf(ours), theirs: metricsOf(theirs) }), metricsOf([...ours, ...theirs]));
});

test('a side that is not a metrics file is a conflict (null), never a guess', () => {
  const good = metricsOf(entry('A1', 'DevPod', 1));
  assert.equal(mergeMetrics({ base: null, ours: good, theirs: '<<<<<<< ours\ntotals: {}\n' }), null);
  assert.equal(mergeMetrics({ base: null, ours: good, theirs: 'totals:\n  tasks_done: many\n' }), null);
  assert.equal(mergeMetrics({ base: 'by_phase: {x: 1}\n', ours: good, theirs: good }), null);
});
