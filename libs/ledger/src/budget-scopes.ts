import type { Budgets } from '@taskpod/core';

/** One cap that applies to a call, and which paid calls count against it. */
export interface BudgetScope {
  /** In words, for messages: `task T1`, `pod DevPod`, `phase 2`, `workspace`, `run`. */
  name: string;
  /** Where the cap is set: `budgets.pods.DevPod`, `budget_usd in task_templates/t1/task.yaml`, `--max-cost`. */
  source: string;
  limitUsd: number;
  /** What a paid call (or a reservation) must be for this cap to count it. */
  match: { task_id?: string; pod?: string; phase?: number; run_id?: string };
}

/** The task as budgets see it (a subset of core's Task). */
export interface BudgetTask {
  id: string;
  pod: string | null;
  phase: number | null;
  fields: Record<string, unknown>;
  source: { file: string };
}

/** `taskpod run --max-cost`: the cap and the run it belongs to. */
export interface RunBudget {
  runId: string;
  maxCostUsd: number;
}

/**
 * Pure: every cap on a call of `task`. The task's own `budget_usd` replaces `budgets.task` for it;
 * pod, phase, workspace and the run's cap apply as well, and the call must fit all of them.
 */
export function budgetScopesFor(task: BudgetTask, budgets: Budgets, run: RunBudget | null = null): BudgetScope[] {
  const scopes: BudgetScope[] = [];
  const own = task.fields.budget_usd;
  if (typeof own === 'number') {
    scopes.push({ name: `task ${task.id}`, source: `budget_usd in ${task.source.file}`, limitUsd: own, match: { task_id: task.id } });
  } else if (budgets.task !== undefined) {
    scopes.push({ name: `task ${task.id}`, source: 'budgets.task', limitUsd: budgets.task, match: { task_id: task.id } });
  }
  if (task.pod !== null && budgets.pods[task.pod] !== undefined) {
    scopes.push({
      name: `pod ${task.pod}`,
      source: `budgets.pods.${task.pod}`,
      limitUsd: budgets.pods[task.pod]!,
      match: { pod: task.pod },
    });
  }
  if (task.phase !== null && budgets.phases[String(task.phase)] !== undefined) {
    const limitUsd = budgets.phases[String(task.phase)]!;
    scopes.push({ name: `phase ${task.phase}`, source: `budgets.phases.${task.phase}`, limitUsd, match: { phase: task.phase } });
  }
  if (budgets.workspace !== undefined)
    scopes.push({ name: 'workspace', source: 'budgets.workspace', limitUsd: budgets.workspace, match: {} });
  if (run) scopes.push({ name: 'run', source: '--max-cost, TASKPOD_MAX_COST', limitUsd: run.maxCostUsd, match: { run_id: run.runId } });
  return scopes;
}

/** Whether a paid call or reservation counts against `scope`. */
export function inScope(
  scope: BudgetScope,
  call: { task_id: string; pod: string | null; phase: number | null; run_id: string | null },
): boolean {
  const m = scope.match;
  return (
    (m.task_id === undefined || m.task_id === call.task_id) &&
    (m.pod === undefined || m.pod === call.pod) &&
    (m.phase === undefined || m.phase === call.phase) &&
    (m.run_id === undefined || m.run_id === call.run_id)
  );
}
