import type { LedgerEntry } from './build-ledger-entry';
import type { SpendEntry } from './spend-entry';

/** A line of `.logs/ledger.jsonl`: a logged patch (no `kind`), a paid request, or a kind a later version adds. */
export type LedgerLine = LedgerEntry | SpendEntry | (Record<string, unknown> & { key: string; task_id: string; kind: string });

export const isPatchEntry = (line: LedgerLine): line is LedgerEntry =>
  !('kind' in line) || line.kind === undefined || line.kind === 'patch';
export const isSpendEntry = (line: LedgerLine): line is SpendEntry => 'kind' in line && line.kind === 'spend';

/** One paid call as metrics and budgets count it. */
export interface SpendLine {
  task_id: string;
  pod: string | null;
  phase: number | null;
  run_id: string | null;
  tokens_in: number;
  tokens_out: number;
  /** Null: unknown (no known price). */
  cost_usd: number | null;
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const usd = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/**
 * Pure: every paid call in the ledger. Spend entries count; so does a patch logged before spend entries
 * existed (it has no `reply_key` field, and carries its run's tokens and cost). A patch logged since
 * names its reply key and counts no spend: its request's spend entry does, once, however often it is logged.
 */
export function spendLinesOf(lines: readonly LedgerLine[]): SpendLine[] {
  return lines.filter(countsAsSpend).map(toSpendLine);
}

/** Whether a ledger line is one paid call: a spend entry, or a patch logged before spend entries existed. */
export function countsAsSpend(line: LedgerLine): boolean {
  return isSpendEntry(line) || (isPatchEntry(line) && !('reply_key' in line) && line.model !== null && line.model !== undefined);
}

function toSpendLine(line: LedgerLine): SpendLine {
  const l = line as Partial<SpendEntry> & Partial<LedgerEntry>;
  return {
    task_id: line.task_id,
    pod: typeof l.pod === 'string' ? l.pod : null,
    phase: typeof l.phase === 'number' ? l.phase : null,
    run_id: typeof l.run_id === 'string' ? l.run_id : null,
    tokens_in: count(l.tokens_in),
    tokens_out: count(l.tokens_out),
    cost_usd: usd(l.cost_usd),
  };
}
