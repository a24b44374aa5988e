import type { ProjectConfiguration } from '@nx/devkit';
import type { Task, TaskpodConfig } from '@taskpod/core';
import { TECHNOLOGIES, buildTaskTargets, type TaskEdges } from './build-task-targets';

/**
 * Tags users select tasks by: `--projects=tag:status:ready`, `tag:pod:DevPod`, `tag:phase:2`; and
 * `taskpod` on every task, so `nx graph --exclude=tag:taskpod` shows the user's own projects alone.
 */
export function buildTaskTags(task: Task): string[] {
  return ['taskpod', `status:${task.status}`, `pod:${task.pod ?? 'none'}`, `phase:${task.phase ?? 'none'}`, `priority:${task.priority}`];
}

/**
 * One task as one Nx project (name = id, root = the task.yaml's folder). `depends_on` becomes an
 * implicit dependency so `nx graph` draws it and `nx affected` reaches dependents. A task has no
 * project edge to the barrier it waits for, nor to implicit outputs-overlap predecessors: they order
 * work without feeding it data, and as project edges they would mark every later task affected by
 * any edit. The barrier projects draw the phases instead (build-phase-barriers.ts).
 */
export function buildTaskProject(
  task: Task,
  edges: TaskEdges,
  config: TaskpodConfig,
  runUncachedReason: string | null = null,
): ProjectConfiguration {
  return {
    name: task.id,
    root: task.source.dir,
    // Declared, so Nx does not probe each project folder for tsconfig.lib.json, tsconfig.app.json and
    // package.json to guess it (three file-system calls per task on every graph computation).
    projectType: 'library',
    tags: buildTaskTags(task),
    ...(edges.dependsOn.length > 0 ? { implicitDependencies: edges.dependsOn } : {}),
    metadata: { description: task.description || task.id, technologies: TECHNOLOGIES },
    targets: buildTaskTargets(task, edges, config.targetNames, runUncachedReason),
  };
}
