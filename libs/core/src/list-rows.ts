import type { TaskDependency } from './build-task-graph';
import { sortInQueueOrder } from './compare-queue-order';
import type { Task, TaskStatus } from './types';

export interface ListFilter {
  status?: TaskStatus;
  pod?: string;
  category?: string;
}

/** The framework's `category` field, when a task has one. */
const categoryOf = (t: Task) => (typeof t.fields.category === 'string' ? t.fields.category : null);

/** The rows of `taskpod list --json` (and the MCP `list_tasks` tool): the filtered tasks in queue order. */
export function listRows(tasks: readonly Task[], dependencies: ReadonlyMap<string, TaskDependency[]>, filter: ListFilter = {}) {
  const wanted = (t: Task) =>
    (filter.status === undefined || t.status === filter.status) &&
    (filter.pod === undefined || t.pod === filter.pod) &&
    (filter.category === undefined || categoryOf(t) === filter.category);
  return sortInQueueOrder(tasks.filter(wanted)).map((t) => ({
    id: t.id,
    status: t.status,
    phase: t.phase,
    phase_label: t.phaseLabel,
    pod: t.pod,
    priority: t.priority,
    category: categoryOf(t),
    created_at: t.createdAt,
    file: t.source.file,
    depends_on: t.dependsOn,
    waits_for: dependencies.get(t.id) ?? [],
  }));
}
