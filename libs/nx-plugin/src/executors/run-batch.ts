import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import runExecutor, { type RunExecutorOptions } from './run';
import { batchParallelism, runTargetBatch, type BatchTaskResult } from './run-target-batch';

/**
 * `run` for a batch of tasks (executors.json `batchImplementation`, preferred by default): every task
 * of the batch in this one process, NX_PARALLEL (or nx.json `parallel`, else 3) at a time.
 */
export default function runBatchExecutor(
  taskGraph: TaskGraph,
  inputs: Record<string, RunExecutorOptions>,
  _overrides: RunExecutorOptions,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  return runTargetBatch(taskGraph, inputs, context, runExecutor, batchParallelism(process.env, context));
}
