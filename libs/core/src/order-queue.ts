import { compareNatural, compareQueueOrder } from './compare-queue-order';
import type { Priority, Task, TaskStatus } from './types';

/** One `ready` task in queue order: the stable `taskpod next --all --json` shape. */
export interface QueueEntry {
  id: string;
  phase: number | null;
  pod: string | null;
  priority: Priority;
  created_at: string | null;
  status: TaskStatus;
  actionable: boolean;
  /** Ids holding it back: `depends_on` tasks not done, then earlier-phase tasks not done or cancelled. */
  blocked_by: string[];
}

export interface QueueOptions {
  phaseBarrier: boolean;
  /** Only tasks of this pod are listed; every task still counts for dependencies and the barrier. */
  pod?: string;
}

/**
 * Every `ready` task in SPEC order, each marked actionable or not with what blocks it.
 *
 * Implicit dependencies from overlapping outputs do not block here, by design: they exist so two
 * tasks never run at the same time (Nx gets them as graph edges), not because one needs the other's
 * result. The earlier task also comes first in this order, so `next` already offers it first, and a
 * backlog task that merely shares a folder must not hold back a ready one.
 */
export function orderQueue(tasks: readonly Task[], options: QueueOptions): QueueEntry[] {
  const ctx = queueContext(tasks, options);
  return ctx.ready.map((task) => {
    const deps = ctx.depsNotDone(task);
    const barrier = ctx.barrierOf(task);
    const depSet = new Set(deps);
    const blockedBy = [...deps, ...barrier.filter((id) => !depSet.has(id))];
    return toEntry(task, blockedBy);
  });
}

/** What both orderQueue and selectNextTask need: ready tasks in order, and what blocks each. */
export function queueContext(tasks: readonly Task[], options: QueueOptions) {
  const byId = new Map(tasks.map((t) => [t.id, t] as const));
  const phaseBlockers = phaseBlockersOf(tasks, options.phaseBarrier);
  const ready = tasks.filter((t) => t.status === 'ready' && (options.pod === undefined || t.pod === options.pod)).sort(compareQueueOrder);
  return {
    ready,
    depsNotDone: (task: Task) => task.dependsOn.filter((id) => byId.get(id)?.status !== 'done'),
    /** Shared per phase: read it, never mutate it. */
    barrierOf: (task: Task): readonly string[] => (task.phase === null ? [] : (phaseBlockers.get(task.phase) ?? [])),
  };
}

export function toEntry(task: Task, blockedBy: string[]): QueueEntry {
  return {
    id: task.id,
    phase: task.phase,
    pod: task.pod,
    priority: task.priority,
    created_at: task.createdAt,
    status: task.status,
    actionable: blockedBy.length === 0,
    blocked_by: blockedBy,
  };
}

/**
 * For each numeric phase, the ids (natural order) of tasks in smaller phases that are neither done
 * nor cancelled; computed once per phase so 10,000 tasks stay linear.
 */
function phaseBlockersOf(tasks: readonly Task[], phaseBarrier: boolean): Map<number, string[]> {
  const result = new Map<number, string[]>();
  if (!phaseBarrier) return result;
  const phases = [...new Set(tasks.map((t) => t.phase).filter((p): p is number => p !== null))].sort((a, b) => a - b);
  let below: string[] = [];
  for (const phase of phases) {
    result.set(phase, below);
    const open = tasks.filter((t) => t.phase === phase && t.status !== 'done' && t.status !== 'cancelled').map((t) => t.id);
    if (open.length > 0) below = [...below, ...open.sort(compareNatural)];
  }
  return result;
}
