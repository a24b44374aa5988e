import type { Task } from '@taskpod/core';
import type { StepContext } from './step-context';
import { type UndoDependent, findUndoDependents, upstreamOf } from './undo-dependents';
import { type UndoPlan, type UndoOptions, planUndo } from './undo-plan';
import { undoStep } from './undo-step';

/** What `taskpod undo <id> [--cascade]` will take back, worked out before anything changes. */
export interface TaskUndo {
  /** The task's plan last, after (with cascade) those of its dependents that have work, the farthest first. */
  plans: UndoPlan[];
  /** Without cascade: the dependents with work of their own (a branch, records, logged patches), left as they are. */
  leftAlone: UndoDependent[];
  /** The plans with something to do: what a confirmation is asked for. */
  todo: UndoPlan[];
}

/** One task's part of an undo, as `undo --json` and the MCP tool `undo_task` give it. */
export interface TaskUndoOutcome {
  id: string;
  /** Why there was nothing to undo, else null. */
  nothing: string | null;
  actions: string[];
  done: string[];
}

/**
 * Plans the undo of `task` and, with `cascade`, of every dependent with work of its own. Every plan
 * is made before any change, so a refusal for one task leaves all of them as they are.
 */
export async function planTaskUndo(
  ctx: StepContext,
  tasks: readonly Task[],
  task: Task,
  options: { cascade: boolean } & Pick<UndoOptions, 'github'>,
): Promise<TaskUndo> {
  const dependents = await findUndoDependents(ctx, tasks, task.id);
  const byId = new Map(tasks.map((t) => [t.id, t] as const));
  const targets = [...(options.cascade ? dependents.map((d) => byId.get(d.id)!) : []), task];
  const plans: UndoPlan[] = [];
  // A dependent's pull request, closed earlier in a cascade, may target the branch of a task after it.
  const closedFirst = new Set<number>();
  for (const t of targets) {
    const plan = await planUndo(ctx, t, { github: options.github, upstream: upstreamOf(tasks, t.id), closedFirst });
    if (plan.pr?.state === 'open') closedFirst.add(plan.pr.number);
    plans.push(plan);
  }
  return { plans, leftAlone: options.cascade ? [] : dependents, todo: plans.filter((p) => p.nothing === null) };
}

/**
 * Carries out every plan with something to do, in order; each task's outcome, in the order planned.
 * `onUndone` hears each task's lines as soon as it is undone, so a later failure does not hide them.
 */
export async function carryOutTaskUndo(
  ctx: StepContext,
  undo: TaskUndo,
  onUndone: (id: string, done: readonly string[]) => void = () => {},
): Promise<TaskUndoOutcome[]> {
  const done = new Map<string, string[]>();
  for (const plan of undo.todo) {
    const result = await undoStep(ctx, plan);
    done.set(plan.task.id, result.done);
    onUndone(plan.task.id, result.done);
  }
  return undo.plans.map((p) => ({ id: p.task.id, nothing: p.nothing, actions: p.actions, done: done.get(p.task.id) ?? [] }));
}
