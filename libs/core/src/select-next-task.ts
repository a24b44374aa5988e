import { queueContext, toEntry, type QueueEntry, type QueueOptions } from './order-queue';
import type { Task } from './types';

/**
 * The first actionable task in queue order (SPEC "Which task is next"), or null when none is.
 * Unlike orderQueue it never builds the blocked_by lists, which grow with the square of the backlog.
 */
export function selectNextTask(tasks: readonly Task[], options: QueueOptions): QueueEntry | null {
  const ctx = queueContext(tasks, options);
  const task = ctx.ready.find((t) => ctx.barrierCount(t) === 0 && ctx.depsNotDone(t).length === 0);
  return task ? toEntry(task, []) : null;
}
