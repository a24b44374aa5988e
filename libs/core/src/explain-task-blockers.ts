import type { TaskGraph } from './build-task-graph';
import { queueContext, type QueueOptions } from './order-queue';
import type { Task, TaskStatus } from './types';

/** Why a task is or is not offered by `taskpod next`, and what it runs after: the shape `taskpod show` prints. */
export interface TaskBlockers {
  /** Status `ready` and nothing below holds it back: `next` may offer it. */
  actionable: boolean;
  /** `depends_on` tasks that are not done. */
  depends_on: { id: string; status: TaskStatus | null }[];
  /** With the phase barrier on: tasks of smaller numeric phases neither done nor cancelled. */
  phase_barrier: string[];
  /**
   * Earlier tasks (in queue order) whose outputs overlap this one's and that are not done: they do
   * not hold it back in `next`, but Nx never runs the two at the same time (docs/promises.md).
   */
  outputs: { id: string; status: TaskStatus | null; path: string }[];
}

/** Pure: what holds `task` back, by the same rules as orderQueue and selectNextTask. */
export function explainTaskBlockers(
  task: Task,
  tasks: readonly Task[],
  graph: TaskGraph,
  options: Pick<QueueOptions, 'phaseBarrier'>,
): TaskBlockers {
  const byId = new Map(tasks.map((t) => [t.id, t] as const));
  const status = (id: string) => byId.get(id)?.status ?? null;
  const ctx = queueContext(tasks, { phaseBarrier: options.phaseBarrier, sorted: false });
  const dependsOn = ctx.depsNotDone(task).map((id) => ({ id, status: status(id) }));
  const barrier = [...ctx.barrierOf(task)];
  const outputs = (graph.dependencies.get(task.id) ?? [])
    .filter((d) => d.reason === 'outputs' && status(d.id) !== 'done')
    .map((d) => ({ id: d.id, status: status(d.id), path: d.path ?? '' }));
  return {
    actionable: task.status === 'ready' && dependsOn.length === 0 && barrier.length === 0,
    depends_on: dependsOn,
    phase_barrier: barrier,
    outputs,
  };
}
