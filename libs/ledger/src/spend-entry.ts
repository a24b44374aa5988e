/** One line of `.logs/ledger.jsonl` per paid model request, written as soon as its answer arrives. */
export interface SpendEntry {
  kind: 'spend';
  /** `spend:<reply key>:<answered at>`: one line per paid request, however often it is merged or logged. */
  key: string;
  /** The request's key in the reply store. */
  reply_key: string;
  task_id: string;
  /** Pod and phase of the task when it asked: the budgets `pods` and `phases` count by these. */
  pod: string | null;
  phase: number | null;
  /** The `taskpod run` that asked (TASKPOD_RUN_ID), which `--max-cost` caps; null outside one. */
  run_id: string | null;
  provider: string;
  model: string;
  tokens_in: number;
  tokens_out: number;
  /** Null: no known price for the model (shown as unknown, never 0). */
  cost_usd: number | null;
  /** When the answer arrived, UTC ISO 8601 with milliseconds. */
  at: string;
}

/** What the pipeline knows of one answered request. */
export interface PaidRequest {
  replyKey: string;
  task: { id: string; pod: string | null; phase: number | null };
  runId: string | null;
  provider: string;
  model: string;
  tokensIn: number;
  tokensOut: number;
  costUsd: number | null;
  at: Date;
}

/** Pure: the ledger line of one paid request. */
export function buildSpendEntry(paid: PaidRequest): SpendEntry {
  const at = paid.at.toISOString();
  return {
    kind: 'spend',
    key: `spend:${paid.replyKey}:${at}`,
    reply_key: paid.replyKey,
    task_id: paid.task.id,
    pod: paid.task.pod,
    phase: paid.task.phase,
    run_id: paid.runId,
    provider: paid.provider,
    model: paid.model,
    tokens_in: paid.tokensIn,
    tokens_out: paid.tokensOut,
    cost_usd: paid.costUsd,
    at,
  };
}
