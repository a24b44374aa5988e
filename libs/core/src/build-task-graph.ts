import { compareQueueOrder } from './compare-queue-order';
import type { Issue } from './errors';
import { graphCycleIssues } from './graph-cycle-issues';
import { findOverlappingOutputs } from './find-overlapping-outputs';
import type { Task } from './types';

/** One task another must wait for, and why. */
export interface TaskDependency {
  id: string;
  /** `depends_on` as written, or `outputs`: an implicit dependency because both may write `path`. */
  reason: 'depends_on' | 'outputs';
  path?: string;
}

export interface TaskGraph {
  /** For each task id, the tasks it waits for. The phase barrier is not listed: it is one rule, not edges. */
  dependencies: Map<string, TaskDependency[]>;
  issues: Issue[];
}

/**
 * What each task waits for: its `depends_on`, plus an implicit dependency on every earlier task (in
 * queue order) whose outputs overlap and that nothing already orders (`depends_on` chains and, when
 * on, the phase barrier), so the two never run at the same time. An implicit dependency that closes
 * a cycle is an error naming both tasks and the shared path; so is a `depends_on` the barrier turns
 * into a cycle. Unknown ids and plain `depends_on` cycles are validateTasks' to report.
 */
export function buildTaskGraph(tasks: readonly Task[], options: { phaseBarrier: boolean }): TaskGraph {
  const byId = new Map(tasks.map((t) => [t.id, t] as const));
  const dependencies = new Map<string, TaskDependency[]>();
  for (const task of byId.values()) {
    dependencies.set(
      task.id,
      task.dependsOn.filter((d) => byId.has(d)).map((id) => ({ id, reason: 'depends_on' as const })),
    );
  }
  const ordered = explicitOrder(byId, options.phaseBarrier);
  for (const { a, b, path } of findOverlappingOutputs([...byId.values()])) {
    if (byId.get(a.id) !== a || byId.get(b.id) !== b || ordered(a, b)) continue;
    const [first, later] = compareQueueOrder(a, b) <= 0 ? [a, b] : [b, a];
    dependencies.get(later.id)!.push({ id: first.id, reason: 'outputs', path });
  }
  return { dependencies, issues: graphCycleIssues(byId, dependencies, options.phaseBarrier) };
}

/** Whether `depends_on` chains or the phase barrier already put two tasks in an order. */
function explicitOrder(byId: Map<string, Task>, phaseBarrier: boolean): (a: Task, b: Task) => boolean {
  const reach = new Map<string, { ids: Set<string>; maxPhase: number }>();
  // Everything `from` waits for; the barrier makes a task wait for every task of a smaller phase.
  const reachOf = (from: Task) => {
    let known = reach.get(from.id);
    if (known) return known;
    const ids = new Set<string>();
    let maxPhase = -1;
    const stack = [from];
    while (stack.length > 0) {
      const task = stack.pop()!;
      if (phaseBarrier && task.phase !== null && task.phase > maxPhase) {
        const below = maxPhase;
        maxPhase = task.phase;
        for (const t of byId.values())
          if (t.phase !== null && t.phase < maxPhase && t.phase >= below && !ids.has(t.id)) {
            ids.add(t.id);
            stack.push(t);
          }
      }
      for (const dep of task.dependsOn) {
        const t = byId.get(dep);
        if (t && !ids.has(dep)) {
          ids.add(dep);
          stack.push(t);
        }
      }
    }
    reach.set(from.id, (known = { ids, maxPhase }));
    return known;
  };
  return (a, b) => {
    if (phaseBarrier && a.phase !== null && b.phase !== null && a.phase !== b.phase) return true;
    return reachOf(a).ids.has(b.id) || reachOf(b).ids.has(a.id);
  };
}
