import type { Task } from '@taskpod/core';
import { type LedgerLine, countsAsSpend } from '@taskpod/ledger';
import type { ReportEntry } from './read-report-inputs';

/** One paid (or replayed) model call as the spend charts count it. */
export interface SpendEvent {
  /** Epoch ms, or null when the entry names no time (counted in tables, not drawn over time). */
  at: number | null;
  taskId: string;
  pod: string;
  phase: number | null;
  model: string;
  tokensIn: number;
  tokensOut: number;
  /** Null: no known price for the model (shown as unknown, never 0). */
  costUsd: number | null;
}

/** A logged patch: the ledger's original entry, which has no `kind`. */
export const isPatchEntry = (e: ReportEntry): boolean => e.kind === undefined || e.kind === 'patch';

const TIME_FIELDS = ['at', 'paid_at', 'spent_at', 'logged_at', 'recorded_at', 'timestamp', 'time'];
const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Epoch ms of an entry from the first time field it carries. */
export function entryTime(e: ReportEntry): number | null {
  for (const field of TIME_FIELDS) {
    const ms = typeof e[field] === 'string' ? Date.parse(e[field] as string) : Number.NaN;
    if (Number.isFinite(ms)) return ms;
  }
  return null;
}

/**
 * Pure: the calls to count as spend, as metrics.yaml counts them (the ledger's countsAsSpend): spend
 * entries (one per paid request), and patches logged before spend entries existed, which carry their
 * run's tokens and cost. Other entry kinds are left out. Pod and phase fall back to the task's when an entry lacks them.
 */
export function buildSpendEvents(entries: readonly ReportEntry[], tasks: readonly Task[]): SpendEvent[] {
  const byId = new Map(tasks.map((t) => [t.id, t] as const));
  const chosen = entries.filter((e) => countsAsSpend(e as unknown as LedgerLine));
  return chosen.map((e) => {
    const task = byId.get(e.task_id);
    return {
      at: entryTime(e),
      taskId: e.task_id,
      pod: typeof e.pod === 'string' && e.pod !== '' ? e.pod : (task?.pod ?? 'none'),
      phase: typeof e.phase === 'number' ? e.phase : (task?.phase ?? null),
      model: typeof e.model === 'string' && e.model !== '' ? e.model : 'unknown',
      tokensIn: count(e.tokens_in),
      tokensOut: count(e.tokens_out),
      costUsd: typeof e.cost_usd === 'number' && Number.isFinite(e.cost_usd) ? e.cost_usd : null,
    };
  });
}
