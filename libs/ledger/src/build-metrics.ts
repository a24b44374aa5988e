import { stringify } from 'yaml';
import type { LedgerEntry } from './build-ledger-entry';

/** The fields docs/file-formats.md lists for `totals`, each `by_pod.<pod>` and each `by_phase.<phase>`. */
export interface MetricsBucket {
  /** Distinct task ids: a task logged with several patches counts once. */
  tasks_done: number;
  /** Logged patches (ledger lines). */
  patches: number;
  files_changed: number;
  insertions: number;
  deletions: number;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
  duration_s: number;
  /** Distinct pull requests: later patches of a task update the same PR, which counts once. */
  prs_opened: number;
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
  ms: number;
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * Adds one entry. An undone patch adds only what was paid (tokens, cost, model time), never done
 * work; `paid` is false for a patch logged again after an undo, whose spend its first line counts.
 */
function add(acc: Accumulator, e: LedgerEntry, paid: boolean): void {
  if (!e.undone_at) {
    acc.tasks.add(e.task_id);
    if (e.pr_url || (e.pr_number !== null && e.pr_number !== undefined)) acc.prs.add(e.pr_url || `#${e.pr_number}`);
    acc.patches += 1;
    acc.files += num(e.files_changed);
    acc.ins += num(e.insertions);
    acc.del += num(e.deletions);
  }
  if (!paid) return;
  acc.tin += num(e.tokens_in);
  acc.tout += num(e.tokens_out);
  acc.microUsd += Math.round(num(e.cost_usd) * 1e6);
  acc.ms += Math.round(num(e.duration_s) * 1e3);
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
    cost_usd: acc.microUsd / 1e6,
    duration_s: acc.ms / 1e3,
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
  ms: 0,
});

/**
 * Pure: metrics recomputed from every ledger entry; pods sorted by name, phases by number, `none`
 * last. Undone patches count only their spend (spend is never undone).
 */
export function buildMetrics(entries: readonly LedgerEntry[]): Metrics {
  const totals = empty();
  const pods = new Map<string, Accumulator>();
  const phases = new Map<number | 'none', Accumulator>();
  const paidFor = new Set<string>();
  for (const e of entries) {
    const paid = !paidFor.has(e.patch_file ?? e.key);
    paidFor.add(e.patch_file ?? e.key);
    add(totals, e, paid);
    const pod = e.pod || 'none';
    const phase = typeof e.phase === 'number' ? e.phase : 'none';
    if (!pods.has(pod)) pods.set(pod, empty());
    if (!phases.has(phase)) phases.set(phase, empty());
    add(pods.get(pod)!, e, paid);
    add(phases.get(phase)!, e, paid);
  }
  const rank = (k: string | number) => (k === 'none' ? 1 : 0);
  const podKeys = [...pods.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const phaseKeys = [...phases.keys()].sort((a, b) => rank(a) - rank(b) || (a as number) - (b as number));
  return {
    totals: finish(totals),
    by_pod: new Map(podKeys.map((k) => [k, finish(pods.get(k)!)])),
    by_phase: new Map(phaseKeys.map((k) => [k, finish(phases.get(k)!)])),
  };
}

/** The text of `metrics/metrics.yaml`. */
export function formatMetrics(metrics: Metrics): string {
  const header = '# Recomputed by `taskpod log` from .logs/ledger.jsonl on every log; edits here are overwritten.\n';
  return header + stringify({ totals: metrics.totals, by_pod: metrics.by_pod, by_phase: metrics.by_phase }, { lineWidth: 0 });
}
