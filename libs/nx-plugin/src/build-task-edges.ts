import { buildTaskGraph, validateTasks, type Issue, type Task, type TaskpodConfig } from '@taskpod/core';

/** Per task: the `depends_on` ids and the implicit outputs-overlap predecessors. */
export interface TaskEdgeSets {
  dependsOn: string[];
  after: string[];
}

/** Checks across all tasks (ids, `depends_on`, cycles) and the edges between them, from core's graph. */
export function buildTaskEdges(tasks: readonly Task[], config: TaskpodConfig): { edges: Map<string, TaskEdgeSets>; issues: Issue[] } {
  const graph = buildTaskGraph(tasks, { phaseBarrier: config.phaseBarrier });
  const edges = new Map<string, TaskEdgeSets>();
  for (const [id, deps] of graph.dependencies) {
    edges.set(id, {
      dependsOn: deps.filter((d) => d.reason === 'depends_on').map((d) => d.id),
      after: deps.filter((d) => d.reason === 'outputs').map((d) => d.id),
    });
  }
  return { edges, issues: [...validateTasks(tasks), ...graph.issues] };
}
