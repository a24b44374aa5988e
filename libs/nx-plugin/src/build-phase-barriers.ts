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
 * `barrier` target (a no-op) depends on the `log` of that phase's tasks, and each task of the next
 * phase waits for that single target. N tasks give about 2N edges instead of the N²/phases a direct
 * task-to-task barrier would need. Phases chain through their tasks, so phase 3 also waits for phase 1.
 * Tasks with no numeric phase stay outside the barrier.
 */
export function buildPhaseBarriers(tasks: readonly Task[], names: TaskpodConfig['targetNames']): PhaseBarriers {
  const byPhase = new Map<number, string[]>();
  for (const task of tasks) {
    if (task.phase === null) continue;
    const ids = byPhase.get(task.phase) ?? [];
    ids.push(task.id);
    byPhase.set(task.phase, ids);
  }
  const phases = [...byPhase.keys()].sort((a, b) => a - b);
  const projects: PhaseBarriers['projects'] = [];
  const barrierOf = new Map<string, string>();
  phases.forEach((phase, index) => {
    const next = phases[index + 1];
    if (next === undefined) return;
    const name = barrierProjectName(phase);
    projects.push({ phase, project: {
      name,
      root: barrierProjectRoot(phase),
      tags: ['taskpod:phase-barrier', `phase:${phase}`],
      metadata: { description: `Phase ${phase} is complete: every task of phase ${phase} has logged.`, technologies: TECHNOLOGIES },
      targets: {
        [BARRIER_TARGET]: {
          executor: 'nx:noop',
          cache: false,
          // No file inputs: the barrier owns no files, and Nx's hasher cannot look up a project without any.
          inputs: [],
          dependsOn: [{ projects: byPhase.get(phase)!, target: names.log }],
          metadata: { description: `Waits for the ${names.log} of every phase ${phase} task, so phase ${next} starts after it.`, technologies: TECHNOLOGIES },
        },
      },
    } });
    for (const id of byPhase.get(next)!) barrierOf.set(id, name);
  });
  return { projects, barrierOf };
}
