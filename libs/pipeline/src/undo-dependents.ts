import type { Task } from '@taskpod/core';
import { readApplyRecord } from '@taskpod/core/records';
import { branchTip } from '@taskpod/git';
import { isPatchEntry, readLedger } from '@taskpod/ledger';
import { type StepContext, workspaceGit } from './step-context';

export interface UndoDependent {
  id: string;
  /** What it has of its own: `branch taskpod/<id>`, `apply record`, `logged patches`. */
  has: string[];
}

/** Every task that depends on `id`, directly or through others, nearest first. */
function dependentsOf(tasks: readonly Task[], id: string): Task[] {
  const order: Task[] = [];
  const seen = new Set([id]);
  let frontier = [id];
  while (frontier.length > 0) {
    const next = tasks.filter((t) => !seen.has(t.id) && t.dependsOn.some((d) => frontier.includes(d)));
    for (const t of next) seen.add(t.id);
    order.push(...next);
    frontier = next.map((t) => t.id);
  }
  return order;
}

/**
 * The tasks built on `id` that have work of their own (a branch, an apply record, logged patches),
 * the farthest first: the order a cascading undo takes them back in, before `id` itself.
 */
export async function findUndoDependents(ctx: StepContext, tasks: readonly Task[], id: string): Promise<UndoDependent[]> {
  const ledger = await readLedger(ctx.root);
  const found: UndoDependent[] = [];
  for (const task of dependentsOf(tasks, id)) {
    const has: string[] = [];
    if (await branchTip(workspaceGit(ctx), `taskpod/${task.id}`)) has.push(`branch taskpod/${task.id}`);
    if (await readApplyRecord(ctx.root, task.id)) has.push('apply record');
    if (ledger.filter(isPatchEntry).some((e) => e.task_id === task.id && !e.undone_at)) has.push('logged patches');
    if (has.length > 0) found.push({ id: task.id, has });
  }
  return found.reverse();
}

/** The ids `id` depends on, directly or through others: their commits may sit below its own on a stacked branch. */
export function upstreamOf(tasks: readonly Task[], id: string): string[] {
  const byId = new Map(tasks.map((t) => [t.id, t] as const));
  const seen = new Set<string>();
  const visit = (current: string) => {
    for (const dep of byId.get(current)?.dependsOn ?? []) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      visit(dep);
    }
  };
  visit(id);
  return [...seen];
}
