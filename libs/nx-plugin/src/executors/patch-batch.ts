import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import patchExecutor, { type PatchExecutorOptions } from './patch';
import { batchParallelism, runTargetBatch, type BatchTaskResult } from './run-target-batch';

/** `patch` for a whole Nx batch in one process (see batchOf), the base resolved once for the batch. */
export default async function* patchBatchExecutor(
  taskGraph: TaskGraph,
  inputs: Record<string, PatchExecutorOptions>,
  _overrides: PatchExecutorOptions,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  const { createBatchReads } = await import('@taskpod/pipeline/batch-reads');
  const reads = createBatchReads({ cwd: context.root, env: process.env });
  const executor = (options: PatchExecutorOptions, taskContext: ExecutorContext, io: Parameters<typeof patchExecutor>[2]) =>
    patchExecutor(options, taskContext, io, reads);
  try {
    yield* runTargetBatch(taskGraph, inputs, context, executor, batchParallelism(process.env, context));
  } finally {
    await reads.dispose();
  }
}
