import type { ApplyRecord, RunRecord } from '@taskpod/core';

/** What happened to one task in a `taskpod run`, from the records its steps left. */
export interface TaskOutcome {
  id: string;
  /**
   * `done`, `failed` (a target failed in this run), `claimed` (another runner holds or delivered it, so
   * this one skipped it), `not run` (a dependency or earlier step failed), or the status.
   */
  result: string;
  run: RunRecord | null;
  apply: ApplyRecord | null;
  /** A line under the table: why it failed, or that its answer is a replay from Nx's cache. */
  note: string | null;
}

export interface RunTotals {
  tasks: number;
  done: number;
  failed: number;
  /** Skipped because another runner holds the task's claim on origin (or delivered it). */
  claimed: number;
  not_run: number;
  /** Tokens and cost of the model calls this run made (replies from the store or Nx's cache cost nothing now). */
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
  /** Calls whose price is not known: their cost is not in `cost_usd`. */
  cost_unknown: number;
  wall_s: number;
}

/** A run record counts only when this run made it: a replay of an earlier run spent nothing now. */
const madeNow = (run: RunRecord | null, startedAt: Date): run is RunRecord =>
  run !== null && Date.parse(run.started_at) >= startedAt.getTime() - 1000;

export function totalsOf(outcomes: readonly TaskOutcome[], startedAt: Date, wallSeconds: number): RunTotals {
  const runs = outcomes.map((o) => o.run).filter((run) => madeNow(run, startedAt));
  const cost = runs.map((r) => r.cost_usd as number | null);
  return {
    tasks: outcomes.length,
    done: outcomes.filter((o) => o.result === 'done').length,
    failed: outcomes.filter((o) => o.result === 'failed').length,
    claimed: outcomes.filter((o) => o.result === 'claimed').length,
    not_run: outcomes.filter((o) => o.result !== 'done' && o.result !== 'failed' && o.result !== 'claimed').length,
    tokens_in: runs.reduce((sum, r) => sum + r.tokens_in, 0),
    tokens_out: runs.reduce((sum, r) => sum + r.tokens_out, 0),
    cost_usd: Math.round(cost.reduce<number>((sum, c) => sum + (c ?? 0), 0) * 1e6) / 1e6,
    cost_unknown: cost.filter((c) => c === null).length,
    wall_s: Math.round(wallSeconds * 10) / 10,
  };
}

/** `3 tasks: 2 done, 1 failed; 1200+340 tokens, $0.0012; 16.2 s` */
export function formatTotals(t: RunTotals): string {
  const counts = [
    `${t.done} done`,
    ...(t.failed ? [`${t.failed} failed`] : []),
    ...(t.claimed ? [`${t.claimed} claimed by other runners`] : []),
    ...(t.not_run ? [`${t.not_run} not run`] : []),
  ];
  const cost = `$${t.cost_usd.toFixed(4)}${t.cost_unknown ? ` (+${t.cost_unknown} of unknown cost)` : ''}`;
  return `${t.tasks} task${t.tasks === 1 ? '' : 's'}: ${counts.join(', ')}; ${t.tokens_in}+${t.tokens_out} tokens, ${cost}; ${t.wall_s} s`;
}

/** The stable JSON shape of one task in `taskpod run --json`. */
export function outcomeJson(o: TaskOutcome) {
  return {
    id: o.id,
    result: o.result,
    branch: o.apply?.branch ?? null,
    pr_url: o.apply?.pr_url ?? null,
    tokens_in: o.run?.tokens_in ?? null,
    tokens_out: o.run?.tokens_out ?? null,
    cost_usd: o.run?.cost_usd ?? null,
    from_store: o.run?.from_store ?? null,
    note: o.note,
  };
}
