import type { ProjectConfiguration } from '@nx/devkit';
import type { Task, TaskpodConfig } from '@taskpod/core';
import { BARRIER_TARGET, TECHNOLOGIES } from './build-task-targets';

/** Name of the synthetic project standing for "every task of phase n has logged". */
export const barrierProjectName = (phase: number) => `phase-barrier/${phase}`;

/** Slashes keep barrier names apart from task ids, which may not hold one. */
export const barrierProjectRoot = (phase: number) => `.taskpod/phase-barrier/${phase}`;

/** Tags of a barrier project: `tag:taskpod` selects every project taskpod infers. */
export const BARRIER_TAGS = ['taskpod', 'taskpod:phase-barrier'];

export interface PhaseBarriers {
  /** One barrier project per numeric phase, when the backlog has two or more numeric phases. */
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
 * Tasks with no numeric phase stay outside the barrier. A single numeric phase orders nothing, so
 * it gets no barrier (a fresh `taskpod init` shows the one example task and nothing else).
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
  if (phases.length < 2) return { projects, barrierOf };
  phases.forEach((phase, index) => {
    const members = byPhase.get(phase)!;
    const previous = index > 0 ? barrierProjectName(phases[index - 1]!) : null;
    const next = phases[index + 1];
    projects.push({ phase, project: barrierProject(phase, members, previous, next, names) });
    if (next !== undefined) for (const task of byPhase.get(next)!) barrierOf.set(task.id, barrierProjectName(phase));
  });
  return { projects, barrierOf };
}

/**
 * The project-graph edges (`implicitDependencies`) run from the barrier to every task of its phase
 * and to the previous barrier, never from a task to the barrier it waits for: `nx affected` follows
 * project edges to dependents, so a task-to-barrier edge would mark every later task affected by any
 * edit of an earlier one. This way an edit reaches the barriers (which have no `run` or `log`) and
 * no other task; `nx graph` still draws each phase around its barrier and the barriers in order.
 */
function barrierProject(
  phase: number,
  members: readonly Task[],
  previous: string | null,
  next: number | undefined,
  names: TaskpodConfig['targetNames'],
): ProjectConfiguration {
  const open = members.filter((t) => t.status !== 'done' && t.status !== 'cancelled').map((t) => t.id);
  const dependsOn = [
    ...(open.length > 0 ? [{ projects: open, target: names.log }] : []),
    ...(previous ? [{ projects: [previous], target: BARRIER_TARGET }] : []),
  ];
  const then = next === undefined ? 'the last numeric phase' : `phase ${next} starts after it`;
  return {
    name: barrierProjectName(phase),
    root: barrierProjectRoot(phase),
    projectType: 'library',
    tags: [...BARRIER_TAGS, `phase:${phase}`],
    implicitDependencies: [...members.map((t) => t.id), ...(previous ? [previous] : [])],
    metadata: {
      description: `Phase ${phase} is complete: every task of phase ${phase} and earlier is done or cancelled (${then}).`,
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
          description: `Waits for the ${names.log} of phase ${phase}'s open tasks and for the earlier phases`,
          technologies: TECHNOLOGIES,
        },
      },
    },
  };
}
