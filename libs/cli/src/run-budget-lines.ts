import type { Task, TaskpodConfig } from '@taskpod/core';
import { type BudgetScope, budgetScopesFor, readBudgetStandingsSync } from '@taskpod/ledger';

const usd = (n: number) => `$${n.toFixed(4)}`;

/**
 * The run summary's spend against budget: the run's `--max-cost`, the workspace, and the pods and
 * phases of the tasks it ran (each task's own cap too when it ran one task), from the ledger after
 * the run. No line when no budget applies.
 */
export function runBudgetLines(
  root: string,
  config: TaskpodConfig,
  tasks: readonly Task[],
  run: { runId: string; maxCostUsd: number } | null,
): string[] {
  const scopes = new Map<string, BudgetScope>();
  for (const task of tasks)
    for (const scope of budgetScopesFor(task, config.budgets, run))
      if (tasks.length === 1 || scope.match.task_id === undefined) scopes.set(`${scope.name}\0${scope.source}`, scope);
  if (scopes.size === 0) return [];
  return readBudgetStandingsSync(root, [...scopes.values()]).map(
    (s) =>
      `Budget ${s.scope.name} (${s.scope.source}): ${usd(s.spentUsd)} of ${usd(s.scope.limitUsd)} spent, ${usd(s.leftUsd)} left` +
      (s.unknownCalls ? ` (+${s.unknownCalls} call${s.unknownCalls === 1 ? '' : 's'} of unknown cost)` : ''),
  );
}
