import { PRIORITIES, type Task } from './types';

/** Natural order of ids: digit runs compare as numbers, so `1.2` < `1.10` and `T9` < `T10`. */
export function compareNatural(a: string, b: string): number {
  const ca = a.match(/\d+|\D+/g) ?? [];
  const cb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i]!;
    const y = cb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const diff = Number(x) - Number(y) || x.length - y.length;
      if (diff !== 0) return diff;
    }
    return x < y ? -1 : 1;
  }
  return ca.length - cb.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Sort key of created_at: a date counts as its midnight UTC; missing or unreadable sorts last. */
function createdKey(task: Pick<Task, 'createdAt'>): number {
  if (!task.createdAt) return Number.POSITIVE_INFINITY;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(task.createdAt) ? `${task.createdAt}T00:00:00Z` : task.createdAt.replace(' ', 'T'));
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

type QueueKeys = Pick<Task, 'id' | 'phase' | 'priority' | 'createdAt'>;

/**
 * docs/promises.md, "Which task is next": numeric phase (none after every number), priority, created_at
 * (missing last), then id in natural order. Also decides which of two overlapping tasks goes first.
 */
export function compareQueueOrder(a: QueueKeys, b: QueueKeys): number {
  return compareWithCreated(a, b, createdKey(a), createdKey(b));
}

/** The tasks sorted by compareQueueOrder, reading each created_at once rather than per comparison. */
export function sortInQueueOrder<T extends QueueKeys>(tasks: readonly T[]): T[] {
  const keys = new Map(tasks.map((t) => [t, createdKey(t)] as const));
  return [...tasks].sort((a, b) => compareWithCreated(a, b, keys.get(a)!, keys.get(b)!));
}

function compareWithCreated(a: QueueKeys, b: QueueKeys, ka: number, kb: number): number {
  const phase = (a.phase ?? Number.POSITIVE_INFINITY) - (b.phase ?? Number.POSITIVE_INFINITY);
  if (phase !== 0 && !Number.isNaN(phase)) return phase;
  const priority = PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority);
  if (priority !== 0) return priority;
  if (ka !== kb) return ka < kb ? -1 : 1;
  return compareNatural(a.id, b.id);
}
