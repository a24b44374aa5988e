import type { Task, TaskpodConfig } from '@taskpod/core';
import { budgetScopesFor, readBudgetStandingsSync } from '@taskpod/ledger';

/** One cap that applies to a task, and what is left of it. */
export interface BudgetLeft {
  /** Which cap and where it is set: `pod DevPod (budgets.pods.DevPod)`, `task T1 (budget_usd in ...)`. */
  budget: string;
  limit_usd: number;
  spent_usd: number;
  left_usd: number;
}

/**
 * The budgets that apply to `task`, for `taskpod show` (SPEC "Spend and budgets": the `budgets`
 * option, a task's `budget_usd`), each with the ledger's spend against it (and the estimates of calls
 * in flight); null when none applies, so show prints no budget line and `--json` says `budget: null`.
 */
export function budgetLeftFor(root: string, config: TaskpodConfig, task: Task): BudgetLeft[] | null {
  const scopes = budgetScopesFor(task, config.budgets);
  if (scopes.length === 0) return null;
  return readBudgetStandingsSync(root, scopes).map((s) => ({
    budget: `${s.scope.name} (${s.scope.source})`,
    limit_usd: s.scope.limitUsd,
    spent_usd: s.spentUsd,
    left_usd: s.leftUsd,
  }));
}
