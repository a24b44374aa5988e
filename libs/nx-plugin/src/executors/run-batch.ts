import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { createModelCallLimit } from '@taskpod/pipeline/model-call-limit';
import runExecutor, { type RunExecutorOptions } from './run';
import { batchParallelism, runTargetBatch, type BatchTaskResult } from './run-target-batch';

/**
 * `run` for a whole Nx batch in one process. NX_PARALLEL (else nx.json `parallel`, else 3) is the
 * number of model calls at a time; twice as many tasks run, so while those wait for the model the
 * others render their prompts and write their files, and a slot the model frees goes at once to a
 * request that is already built (with tasks capped at the slots, the replies of a round arriving
 * together made every next request wait for the writes and renders queued before it).
 */
export default function runBatchExecutor(
  taskGraph: TaskGraph,
  inputs: Record<string, RunExecutorOptions>,
  _overrides: RunExecutorOptions,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  const slots = batchParallelism(process.env, context);
  const modelCalls = createModelCallLimit(slots);
  const executor = (options: RunExecutorOptions, taskContext: ExecutorContext, io: Parameters<typeof runExecutor>[2]) =>
    runExecutor(options, taskContext, io, modelCalls);
  return runTargetBatch(taskGraph, inputs, context, executor, slots * 2);
}
