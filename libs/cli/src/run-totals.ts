import type { ApplyRecord, RunRecord } from '@taskpod/core';
import type { SpendEntry } from '@taskpod/ledger';

/** What happened to one task in a `taskpod run`, from the records its steps left. */
export interface TaskOutcome {
  id: string;
  /** `done`, `failed` (a target failed in this run), `not run` (a dependency or earlier step failed), or the status. */
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
  not_run: number;
  /** The model requests this run paid for: its spend lines in the ledger, one per reply key asked. */
  paid_calls: number;
  /** Tokens and cost of those requests, also of replies the guard rejected (store and cache hits cost nothing now). */
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
  /** Calls whose price is not known: their cost is not in `cost_usd`. */
  cost_unknown: number;
  wall_s: number;
}

/**
 * The totals of one `taskpod run`: what happened to its tasks, and what it spent, from the ledger's
 * spend lines tagged with its run id (a run record exists only for a reply that passed the guard).
 */
export function totalsOf(outcomes: readonly TaskOutcome[], spend: readonly SpendEntry[], runId: string, wallSeconds: number): RunTotals {
  const paid = spend.filter((s) => s.run_id === runId);
  const cost = paid.map((s) => s.cost_usd);
  return {
    tasks: outcomes.length,
    done: outcomes.filter((o) => o.result === 'done').length,
    failed: outcomes.filter((o) => o.result === 'failed').length,
    not_run: outcomes.filter((o) => o.result !== 'done' && o.result !== 'failed').length,
    paid_calls: paid.length,
    tokens_in: paid.reduce((sum, s) => sum + s.tokens_in, 0),
    tokens_out: paid.reduce((sum, s) => sum + s.tokens_out, 0),
    cost_usd: Math.round(cost.reduce<number>((sum, c) => sum + (c ?? 0), 0) * 1e6) / 1e6,
    cost_unknown: cost.filter((c) => c === null).length,
    wall_s: Math.round(wallSeconds * 10) / 10,
  };
}

/** `3 tasks: 2 done, 1 failed; 1200+340 tokens, $0.0012; 16.2 s` */
export function formatTotals(t: RunTotals): string {
  const counts = [`${t.done} done`, ...(t.failed ? [`${t.failed} failed`] : []), ...(t.not_run ? [`${t.not_run} not run`] : [])];
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
