import type { TaskDependency } from './build-task-graph';
import type { Issue } from './errors';
import { findCyclicComponents, pathWithin } from './find-cycles';
import type { Task } from './types';

/** Cycles that involve an implicit dependency or the phase barrier, one issue each. */
export function graphCycleIssues(byId: Map<string, Task>, dependencies: Map<string, TaskDependency[]>, phaseBarrier: boolean): Issue[] {
  const implicit = [...dependencies.values()].some((deps) => deps.some((d) => d.reason === 'outputs'));
  if (!implicit && !(phaseBarrier && dependsOnClimbsPhases(byId))) return [];
  const phases = [...new Set([...byId.values()].map((t) => t.phase).filter((p): p is number => p !== null))].sort((x, y) => x - y);
  const barrier = (p: number) => `[phase ${p} done]`;
  const idsByPhase = new Map<number, string[]>();
  for (const t of byId.values()) {
    if (t.phase === null) continue;
    if (!idsByPhase.has(t.phase)) idsByPhase.set(t.phase, []);
    idsByPhase.get(t.phase)!.push(t.id);
  }
  // The barrier as one node per phase (edges grow linearly): phase n tasks wait for "phase n-1 done".
  const edges = (node: string): string[] => {
    const task = byId.get(node);
    if (!task) {
      const p = Number(node.slice(7, -6));
      const index = phases.indexOf(p);
      return [...(idsByPhase.get(p) ?? []), ...(index > 0 ? [barrier(phases[index - 1]!)] : [])];
    }
    const out = dependencies.get(node)!.map((d) => d.id);
    const index = task.phase === null ? -1 : phases.indexOf(task.phase);
    if (phaseBarrier && index > 0) out.push(barrier(phases[index - 1]!));
    return out;
  };
  const nodes = [...byId.keys(), ...(phaseBarrier ? phases.map(barrier) : [])];
  const issues: Issue[] = [];
  for (const component of findCyclicComponents(nodes, edges)) {
    const members = new Set(component);
    const implicit = component.flatMap((id) =>
      (dependencies.get(id) ?? []).filter((d) => d.reason === 'outputs' && members.has(d.id)).map((d) => ({ from: id, dep: d })),
    );
    const viaBarrier = component.some((n) => !byId.has(n));
    if (implicit.length === 0 && !viaBarrier) continue;
    const start = implicit[0]?.from ?? component.find((n) => byId.has(n))!;
    const next = implicit[0]?.dep.id ?? edges(start).find((n) => members.has(n))!;
    const path = [start, ...pathWithin(members, edges, next, start)];
    const task = byId.get(start)!;
    const message = implicit[0]
      ? `\`${start}\` and \`${next}\` both write \`${implicit[0].dep.path}\`, and ordering them closes a cycle: ${path.join(' -> ')}; order them with depends_on`
      : `depends_on works against the phase barrier: ${path.join(' -> ')}`;
    issues.push({ file: task.source.file, line: task.source.line, field: implicit[0] ? 'outputs' : 'depends_on', message });
  }
  return issues;
}

/**
 * Whether some `depends_on` path leads from a task to one of a higher numeric phase (through
 * tasks without one): only then can the barrier close a cycle, so ordinary backlogs skip the search.
 * (Inside a plain depends_on cycle the answer may be too low; validateTasks reports that cycle.)
 */
function dependsOnClimbsPhases(byId: Map<string, Task>): boolean {
  // Highest numeric phase a phase-less task reaches through depends_on (memoised, iterative).
  const reached = new Map<string, number>();
  const highest = (id: string): number => {
    const stack = [id];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const task = byId.get(top);
      if (!task || task.phase !== null || reached.has(top)) {
        stack.pop();
        continue;
      }
      const pending = task.dependsOn.filter((d) => byId.get(d)?.phase === null && !reached.has(d) && !stack.includes(d));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      stack.pop();
      reached.set(top, Math.max(-1, ...task.dependsOn.map((d) => phaseOrReached(d))));
    }
    return phaseOrReached(id);
  };
  const phaseOrReached = (id: string) => byId.get(id)?.phase ?? reached.get(id) ?? -1;
  for (const task of byId.values()) {
    if (task.phase === null) continue;
    for (const dep of task.dependsOn) if (byId.has(dep) && highest(dep) > task.phase) return true;
  }
  return false;
}
