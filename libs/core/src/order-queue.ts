import { compareNatural, sortInQueueOrder } from './compare-queue-order';
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
 * Every `ready` task in queue order (docs/promises.md), each marked actionable or not with what blocks it.
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
export function queueContext(tasks: readonly Task[], options: QueueOptions & { sorted?: boolean }) {
  const byId = new Map(tasks.map((t) => [t.id, t] as const));
  const phaseBlockers = phaseBlockersOf(tasks, options.phaseBarrier);
  const matching = tasks.filter((t) => t.status === 'ready' && (options.pod === undefined || t.pod === options.pod));
  const ready = options.sorted === false ? matching : sortInQueueOrder(matching);
  return {
    ready,
    depsNotDone: (task: Task) => task.dependsOn.filter((id) => byId.get(id)?.status !== 'done'),
    /** Shared per phase: read it, never mutate it. */
    barrierOf: (task: Task): readonly string[] => (task.phase === null ? [] : phaseBlockers.idsBelow(task.phase)),
    barrierCount: (task: Task): number => (task.phase === null ? 0 : phaseBlockers.countBelow(task.phase)),
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
 * Tasks of smaller numeric phases that are neither done nor cancelled: a count per phase (all
 * `next` needs) and, on demand, their ids in phase then natural order, built once per phase so
 * 10,000 tasks stay linear.
 */
function phaseBlockersOf(tasks: readonly Task[], phaseBarrier: boolean) {
  const open = new Map<number, Task[]>();
  if (phaseBarrier) {
    for (const t of tasks) {
      if (t.phase === null || t.status === 'done' || t.status === 'cancelled') continue;
      if (!open.has(t.phase)) open.set(t.phase, []);
      open.get(t.phase)!.push(t);
    }
  }
  const phases = [...open.keys()].sort((a, b) => a - b);
  const countBelow = (phase: number) => phases.reduce((n, p) => (p < phase ? n + open.get(p)!.length : n), 0);

  const lists = new Map<number, string[]>();
  const idsBelow = (phase: number): string[] => {
    const below = phases.filter((p) => p < phase);
    const key = below.length === 0 ? -1 : below[below.length - 1]!;
    if (!lists.has(key))
      lists.set(
        key,
        below.flatMap((p) =>
          open
            .get(p)!
            .map((t) => t.id)
            .sort(compareNatural),
        ),
      );
    return lists.get(key)!;
  };
  return { countBelow, idsBelow };
}
