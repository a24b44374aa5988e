import type { ProjectConfiguration } from '@nx/devkit';
import type { Task, TaskpodConfig } from '@taskpod/core';
import { BARRIER_TARGET, TECHNOLOGIES } from './build-task-targets';

/** Name of the synthetic project standing for "every task of phase n has logged". */
export const barrierProjectName = (phase: number) => `phase-barrier/${phase}`;

/** Slashes keep barrier names apart from task ids, which may not hold one. */
export const barrierProjectRoot = (phase: number) => `.taskpod/phase-barrier/${phase}`;

export interface PhaseBarriers {
  /** One barrier project per numeric phase that has a later phase. */
  projects: { phase: number; project: ProjectConfiguration }[];
  /** For each task id, the barrier its `run` waits for (the previous numeric phase's). */
  barrierOf: Map<string, string>;
}

/**
 * The phase barrier with edges that grow linearly: one synthetic project per numeric phase whose
 * `barrier` target (a no-op) depends on the `log` of that phase's open tasks and on the previous
 * phase's barrier, and each task of the next phase waits for that single target. N tasks give about
 * 2N edges instead of the N²/phases a direct task-to-task barrier would need.
 *
 * Tasks already `done` or `cancelled` when the graph is built are left out (docs/promises.md, "Order
 * in the graph": the barrier waits for tasks that are neither), so a run of phase 5 does not pass through every finished task of
 * phases 1-4; the chain of barriers keeps phase 3 waiting for phase 1 even when phase 2 is finished.
 * The graph is rebuilt whenever a task.yaml changes, so a reopened task joins its barrier again.
 * Tasks with no numeric phase stay outside the barrier.
 */
export function buildPhaseBarriers(tasks: readonly Task[], names: TaskpodConfig['targetNames']): PhaseBarriers {
  const byPhase = new Map<number, Task[]>();
  for (const task of tasks) {
    if (task.phase === null) continue;
    const list = byPhase.get(task.phase);
    if (list) list.push(task);
    else byPhase.set(task.phase, [task]);
  }
  const phases = [...byPhase.keys()].sort((a, b) => a - b);
  const projects: PhaseBarriers['projects'] = [];
  const barrierOf = new Map<string, string>();
  phases.forEach((phase, index) => {
    const next = phases[index + 1];
    if (next === undefined) return;
    const name = barrierProjectName(phase);
    const open = byPhase
      .get(phase)!
      .filter((t) => t.status !== 'done' && t.status !== 'cancelled')
      .map((t) => t.id);
    const previous = index > 0 ? barrierProjectName(phases[index - 1]!) : null;
    const dependsOn = [
      ...(open.length > 0 ? [{ projects: open, target: names.log }] : []),
      ...(previous ? [{ projects: [previous], target: BARRIER_TARGET }] : []),
    ];
    projects.push({
      phase,
      project: {
        name,
        root: barrierProjectRoot(phase),
        projectType: 'library',
        tags: ['taskpod:phase-barrier', `phase:${phase}`],
        metadata: {
          description: `Phase ${phase} is complete: every task of phase ${phase} and earlier is done or cancelled.`,
          technologies: TECHNOLOGIES,
        },
        targets: {
          [BARRIER_TARGET]: {
            executor: 'nx:noop',
            cache: false,
            // No file inputs: the barrier owns no files, and Nx's hasher cannot look up a project without any.
            inputs: [],
            ...(dependsOn.length > 0 ? { dependsOn } : {}),
            metadata: {
              description: `Waits for the ${names.log} of phase ${phase}'s open tasks, so phase ${next} starts after them.`,
              technologies: TECHNOLOGIES,
            },
          },
        },
      },
    });
    for (const task of byPhase.get(next)!) barrierOf.set(task.id, name);
  });
  return { projects, barrierOf };
}
