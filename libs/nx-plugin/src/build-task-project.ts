import type { ProjectConfiguration } from '@nx/devkit';
import type { Task, TaskpodConfig } from '@taskpod/core';
import { TECHNOLOGIES, buildTaskTargets, type TaskEdges } from './build-task-targets';

/** Tags users select tasks by: `--projects=tag:status:ready`, `tag:pod:DevPod`, `tag:phase:2`. */
export function buildTaskTags(task: Task): string[] {
  return [`status:${task.status}`, `pod:${task.pod ?? 'none'}`, `phase:${task.phase ?? 'none'}`, `priority:${task.priority}`];
}

/**
 * One task as one Nx project (name = id, root = the task.yaml's folder). `depends_on` becomes an
 * implicit dependency so `nx graph` draws it and `nx affected` reaches dependents; the phase barrier
 * and implicit outputs-overlap order stay in the task graph only, because they order work without
 * feeding it data, and as project edges they would mark every later task affected by any edit.
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
