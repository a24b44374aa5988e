import type { Task, TaskpodConfig } from '@taskpod/core';

/** One cap that applies to a task, and what is left of it. */
export interface BudgetLeft {
  /** Which cap: `task`, `pod DevPod`, `phase 2`, `workspace`. */
  budget: string;
  limit_usd: number;
  spent_usd: number;
  left_usd: number;
}

/**
 * The budgets that apply to `task`, for `taskpod show`. Budgets (SPEC "Spend and budgets": the
 * `budgets` option, a task's `budget_usd`) are not implemented yet, so there is nothing to read and
 * this returns null: show prints no budget line and `--json` says `budget: null`, never a made-up
 * number. When budgets land, this is the one place that reads them and the ledger's spend.
 */
export function budgetLeftFor(_root: string, _config: TaskpodConfig, _task: Task): BudgetLeft[] | null {
  return null;
}
