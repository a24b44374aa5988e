import { stringify } from 'yaml';
import type { LedgerEntry } from './build-ledger-entry';
import { type LedgerLine, type SpendLine, isPatchEntry, spendLinesOf } from './spend-lines';

/** The fields docs/file-formats.md lists for `totals`, each `by_pod.<pod>` and each `by_phase.<phase>`. */
export interface MetricsBucket {
  /** Distinct task ids: a task logged with several patches counts once. */
  tasks_done: number;
  /** Logged patches (ledger lines). */
  patches: number;
  files_changed: number;
  insertions: number;
  deletions: number;
  /** Tokens and cost of every paid request (its spend entry), logged or not, rejected or not. */
  tokens_in: number;
  tokens_out: number;
  /** The known costs; calls of a model with no known price are counted in `cost_unknown_calls`, not here. */
  cost_usd: number;
  /** Paid requests (spend entries), each once. */
  paid_calls: number;
  /** Paid requests whose cost is unknown (no known price): `cost_usd` does not include them. */
  cost_unknown_calls: number;
  duration_s: number;
  /** Distinct pull requests: later patches of a task update the same PR, which counts once. */
  prs_opened: number;
}

/** A bucket's fields in the order metrics.yaml writes them. */
export const METRICS_KEYS: readonly (keyof MetricsBucket)[] = [
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

/** The fields summed in integer units (micro-dollars, milliseconds), so no float error creeps in. */
export const METRICS_UNITS: Partial<Record<keyof MetricsBucket, number>> = { cost_usd: 1e6, duration_s: 1e3 };

/** Pods by name and phases by number, `none` last: the order of `by_pod` and `by_phase`. */
export function compareBucketKeys(a: string | number, b: string | number): number {
  const rank = (k: string | number) => (k === 'none' ? 1 : 0);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface Metrics {
  totals: MetricsBucket;
  by_pod: Map<string, MetricsBucket>;
  /** Keyed by numeric phase, or `none` for tasks without one. */
  by_phase: Map<number | 'none', MetricsBucket>;
}

/** Sums kept as integers (micro-dollars, milliseconds) so totals never drift with float error. */
interface Accumulator {
  tasks: Set<string>;
  prs: Set<string>;
  patches: number;
  files: number;
  ins: number;
  del: number;
  tin: number;
  tout: number;
  microUsd: number;
  calls: number;
  unknown: number;
  ms: number;
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** Adds one logged patch: its work, unless it was undone (then only its model time, as what was paid stays). */
function addPatch(acc: Accumulator, e: LedgerEntry): void {
  if (!e.undone_at) {
    acc.tasks.add(e.task_id);
    if (e.pr_url || (e.pr_number !== null && e.pr_number !== undefined)) acc.prs.add(e.pr_url || `#${e.pr_number}`);
    acc.patches += 1;
    acc.files += num(e.files_changed);
    acc.ins += num(e.insertions);
    acc.del += num(e.deletions);
  }
  acc.ms += Math.round(num(e.duration_s) * METRICS_UNITS.duration_s!);
}

function addSpend(acc: Accumulator, s: SpendLine): void {
  acc.calls += 1;
  acc.tin += s.tokens_in;
  acc.tout += s.tokens_out;
  if (s.cost_usd === null) acc.unknown += 1;
  else acc.microUsd += Math.round(s.cost_usd * METRICS_UNITS.cost_usd!);
}

function finish(acc: Accumulator): MetricsBucket {
  return {
    tasks_done: acc.tasks.size,
    patches: acc.patches,
    files_changed: acc.files,
    insertions: acc.ins,
    deletions: acc.del,
    tokens_in: acc.tin,
    tokens_out: acc.tout,
    cost_usd: acc.microUsd / METRICS_UNITS.cost_usd!,
    paid_calls: acc.calls,
    cost_unknown_calls: acc.unknown,
    duration_s: acc.ms / METRICS_UNITS.duration_s!,
    prs_opened: acc.prs.size,
  };
}

const empty = (): Accumulator => ({
  tasks: new Set(),
  prs: new Set(),
  patches: 0,
  files: 0,
  ins: 0,
  del: 0,
  tin: 0,
  tout: 0,
  microUsd: 0,
  calls: 0,
  unknown: 0,
  ms: 0,
});

/**
 * Pure: metrics recomputed from every ledger line; pods sorted by name, phases by number, `none` last.
 * Work (tasks, patches, files, PRs) comes from logged patches; tokens and cost from the paid requests
 * (spendLinesOf), so a request is counted once whether it was logged, rejected or interrupted.
 * Undone patches count no work (spend is never undone).
 */
export function buildMetrics(lines: readonly LedgerLine[]): Metrics {
  const totals = empty();
  const pods = new Map<string, Accumulator>();
  const phases = new Map<number | 'none', Accumulator>();
  const bucketsOf = (podName: string | null | undefined, phaseNumber: unknown): Accumulator[] => {
    const pod = podName || 'none';
    const phase = typeof phaseNumber === 'number' ? phaseNumber : 'none';
    if (!pods.has(pod)) pods.set(pod, empty());
    if (!phases.has(phase)) phases.set(phase, empty());
    return [totals, pods.get(pod)!, phases.get(phase)!];
  };
  for (const e of lines) if (isPatchEntry(e)) for (const acc of bucketsOf(e.pod, e.phase)) addPatch(acc, e);
  for (const s of spendLinesOf(lines)) for (const acc of bucketsOf(s.pod, s.phase)) addSpend(acc, s);
  const podKeys = [...pods.keys()].sort(compareBucketKeys);
  const phaseKeys = [...phases.keys()].sort(compareBucketKeys);
  return {
    totals: finish(totals),
    by_pod: new Map(podKeys.map((k) => [k, finish(pods.get(k)!)])),
    by_phase: new Map(phaseKeys.map((k) => [k, finish(phases.get(k)!)])),
  };
}

/** The text of `metrics/metrics.yaml`. */
export function formatMetrics(metrics: Metrics): string {
  const header = '# Recomputed from .logs/ledger.jsonl by `taskpod log` and after every paid model call; edits here are overwritten.\n';
  return header + stringify({ totals: metrics.totals, by_pod: metrics.by_pod, by_phase: metrics.by_phase }, { lineWidth: 0 });
}
