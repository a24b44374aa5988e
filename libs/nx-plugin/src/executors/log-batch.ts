import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import logExecutor, { type LogExecutorOptions } from './log';
import { type BatchTaskResult, batchParallelism, runTargetBatch } from './run-target-batch';

/**
 * Logs started together are written as one group (logPatch): the trace log, ledger and metrics once
 * per group, under one lock turn. A log asks no model and no remote, so a batch starts this many at
 * once, whatever NX_PARALLEL says, and a hundred tasks take two groups rather than thirteen.
 */
const LOGS_AT_ONCE = 64;

/**
 * `log` for a whole Nx batch in one process (see batchOf), with the tasks' claims on origin released
 * together after all are logged: released one by one, each task cost a push of its own.
 */
export default async function* logBatchExecutor(
  taskGraph: TaskGraph,
  inputs: Record<string, LogExecutorOptions>,
  _overrides: LogExecutorOptions,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  const releases: (() => Promise<string | null>)[] = [];
  const logOne = (options: LogExecutorOptions, taskContext: ExecutorContext, io: Parameters<typeof logExecutor>[2]) =>
    logExecutor(options, taskContext, io, (release) => releases.push(release));
  yield* runTargetBatch(taskGraph, inputs, context, logOne, Math.max(LOGS_AT_ONCE, batchParallelism(process.env, context)));
  // Started in one turn, so their pushes coalesce; an unreleased claim only waits for its lease.
  const warnings = await Promise.all(releases.map((release) => release()));
  for (const warning of warnings) if (warning) console.error(`taskpod: warning: ${warning}`);
}
