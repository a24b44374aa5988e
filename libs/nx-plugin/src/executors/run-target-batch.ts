import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import type { TargetIo } from './run-task-target';

/** One finished task of a batch, in the shape Nx's batch runner reads from an async iterator. */
export interface BatchTaskResult {
  task: string;
  result: { success: boolean; terminalOutput: string };
}

type TargetExecutor<O> = (options: O, context: ExecutorContext, io: TargetIo) => Promise<{ success: boolean }>;

/** Nx's signature for an executor's `batchImplementation`. */
export type BatchExecutor<O> = (
  taskGraph: TaskGraph,
  inputs: Record<string, O>,
  overrides: O,
  context: ExecutorContext,
) => AsyncGenerator<BatchTaskResult>;

/**
 * The batch form of a one-task executor (executors.json `batchImplementation`, preferred): every task
 * of the batch in this one process, NX_PARALLEL (or nx.json `parallel`, else 3) at a time. Nx hands a
 * batch every ready task of one executor, so `nx run-many -t log` over N tasks starts four processes
 * (run, patch, apply, log) instead of 4N, each of which spent most of a second loading Nx and the pipeline.
 */
export function batchOf<O>(executor: TargetExecutor<O>): BatchExecutor<O> {
  return (taskGraph, inputs, _overrides, context) =>
    runTargetBatch(taskGraph, inputs, context, executor, batchParallelism(process.env, context));
}

/**
 * Runs the tasks of an Nx batch in this one process, up to `parallel` at a time, each only after its
 * dependencies inside the batch succeeded. One process for the whole batch instead of one per task:
 * a forked task process spends most of a second loading Nx and the pipeline before it asks the model.
 */
export async function* runTargetBatch<O>(
  taskGraph: TaskGraph,
  inputs: Record<string, O>,
  context: ExecutorContext,
  executor: TargetExecutor<O>,
  parallel: number,
  env: NodeJS.ProcessEnv = process.env,
): AsyncGenerator<BatchTaskResult> {
  const pending = new Set(Object.keys(taskGraph.tasks));
  const succeeded = new Set<string>();
  const running = new Map<string, Promise<BatchTaskResult>>();
  const dependencies = (id: string) => (taskGraph.dependencies[id] ?? []).filter((dep) => dep in taskGraph.tasks);
  while (pending.size > 0 || running.size > 0) {
    let progressed = false;
    for (const id of [...pending]) {
      if (running.size >= parallel) break;
      const deps = dependencies(id);
      const failed = deps.find((dep) => !pending.has(dep) && !running.has(dep) && !succeeded.has(dep));
      if (failed) {
        pending.delete(id);
        progressed = true;
        yield { task: id, result: { success: false, terminalOutput: `${id} did not run: ${failed} failed.\n` } };
        continue;
      }
      if (!deps.every((dep) => succeeded.has(dep))) continue;
      pending.delete(id);
      progressed = true;
      running.set(id, runOne(id, taskGraph, inputs[id], context, executor, env));
    }
    if (running.size === 0) {
      if (progressed) continue; // tasks were failed for a failed dependency: look again
      // Nothing runs and nothing can start: dependencies that never finish (Nx never sends a cycle).
      for (const id of pending)
        yield { task: id, result: { success: false, terminalOutput: `${id} did not run: its dependencies never finished.\n` } };
      return;
    }
    const done = await Promise.race(running.values());
    running.delete(done.task);
    if (done.result.success) succeeded.add(done.task);
    yield done;
  }
}

/** One task with the batch's context narrowed to its project and target, its lines kept as its output. */
async function runOne<O>(
  id: string,
  taskGraph: TaskGraph,
  options: O,
  context: ExecutorContext,
  executor: TargetExecutor<O>,
  env: NodeJS.ProcessEnv,
): Promise<BatchTaskResult> {
  const { target } = taskGraph.tasks[id];
  const lines: string[] = [];
  const io: TargetIo = { out: (line) => lines.push(line), err: (line) => lines.push(line), env };
  const taskContext: ExecutorContext = {
    ...context,
    projectName: target.project,
    targetName: target.target,
    configurationName: target.configuration,
  };
  let success = false;
  try {
    success = (await executor(options, taskContext, io)).success;
  } catch (error) {
    lines.push(String((error as Error)?.stack ?? error)); // the executors catch their own errors; this is a last resort
  }
  return { task: id, result: { success, terminalOutput: lines.length > 0 ? `${lines.join('\n')}\n` : '' } };
}

/**
 * How many tasks of a batch run at once. Nx does not hand a batch its `--parallel`, so this reads what
 * Nx itself falls back to: NX_PARALLEL, then `parallel` in nx.json, then Nx's default of 3.
 */
export function batchParallelism(env: NodeJS.ProcessEnv, context: ExecutorContext): number {
  for (const value of [env.NX_PARALLEL, context.nxJsonConfiguration?.parallel]) {
    const n = Number(value);
    if (Number.isInteger(n) && n > 0) return n;
  }
  return 3;
}
