import { compareQueueOrder } from './compare-queue-order';
import { queueContext, toEntry, type QueueEntry, type QueueOptions } from './order-queue';
import type { Task } from './types';

/**
 * The first actionable task in queue order (docs/promises.md, "Which task is next"), or null when none is.
 * One linear pass: no sort, and none of the blocked_by lists orderQueue builds.
 */
export function selectNextTask(tasks: readonly Task[], options: QueueOptions): QueueEntry | null {
  const ctx = queueContext(tasks, { ...options, sorted: false });
  let best: Task | undefined;
  for (const task of ctx.ready) {
    if (ctx.barrierCount(task) > 0 || ctx.depsNotDone(task).length > 0) continue;
    if (!best || compareQueueOrder(task, best) < 0) best = task;
  }
  return best ? toEntry(best, []) : null;
}
