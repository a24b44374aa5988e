import type { Issue, Task, TaskpodConfig } from '@taskpod/core';

/** Per task: the `depends_on` ids and the implicit outputs-overlap predecessors. */
export interface TaskEdgeSets {
  dependsOn: string[];
  after: string[];
}

/** Checks across all tasks and the edges between them (core's graph; the phase barrier is built apart). */
export function buildTaskEdges(tasks: readonly Task[], _config: TaskpodConfig): { edges: Map<string, TaskEdgeSets>; issues: Issue[] } {
  // TEMPORARY until core's validateTasks/buildTaskGraph land: depends_on only.
  const edges = new Map<string, TaskEdgeSets>();
  for (const task of tasks) edges.set(task.id, { dependsOn: task.dependsOn, after: [] });
  return { edges, issues: [] };
}
