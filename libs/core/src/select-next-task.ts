import { orderQueue, type QueueEntry, type QueueOptions } from './order-queue';
import type { Task } from './types';

/** The first actionable task in queue order (SPEC "Which task is next"), or null when none is. */
export function selectNextTask(tasks: readonly Task[], options: QueueOptions): QueueEntry | null {
  return orderQueue(tasks, options).find((entry) => entry.actionable) ?? null;
}
