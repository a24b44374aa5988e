import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import type { PendingPublish } from '@taskpod/pipeline';
import applyExecutor, { type ApplyExecutorOptions } from './apply';
import { formatExecutorError } from './format-executor-error';
import { batchParallelism, runTargetBatch, type BatchTaskResult } from './run-target-batch';

/**
 * `apply` for a whole Nx batch in one process, in two rounds. First every task's patch is committed
 * on its branch, `parallel` at a time (`--into current` ones one at a time: they share the checkout).
 * Then all the branches are pushed together, which costs one `git push` where one per task cost the
 * remote a connectivity check each, and the pull requests are opened. A task that fails to commit is
 * reported at once; the others once their push and pull request are done.
 */
export default async function* applyBatchExecutor(
  taskGraph: TaskGraph,
  inputs: Record<string, ApplyExecutorOptions>,
  _overrides: ApplyExecutorOptions,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  const parallel = applyParallelism(inputs, process.env, context);
  const pending = new Map<string, PendingPublish>();
  const committed: BatchTaskResult[] = [];
  // The Nx task id of each one-task context of this batch (project and target name it).
  const idOf = new Map(Object.values(taskGraph.tasks).map((task) => [`${task.target.project}\0${task.target.target}`, task.id]));
  const { createBatchReads } = await import('@taskpod/pipeline/batch-reads');
  const reads = createBatchReads({ cwd: context.root, env: process.env });
  const commitOnly = (options: ApplyExecutorOptions, taskContext: ExecutorContext, io: Parameters<typeof applyExecutor>[2]) =>
    applyExecutor(options, taskContext, io, {
      deferPublish: (publish) => pending.set(idOf.get(`${taskContext.projectName}\0${taskContext.targetName}`)!, publish),
      reads,
    });
  try {
    for await (const result of runTargetBatch(taskGraph, inputs, context, commitOnly, parallel)) {
      if (result.result.success) committed.push(result);
      else yield result;
    }
  } finally {
    await reads.dispose();
  }
  const ids = committed.map((result) => result.task).filter((id) => pending.has(id));
  const lines = new Map(ids.map((id) => [id, [] as string[]]));
  const { publishAll } = await import('@taskpod/pipeline/apply-publish');
  const items = ids.map((id) => {
    const item = pending.get(id)!;
    return { ...item, ctx: { ...item.ctx, log: (line: string) => lines.get(id)!.push(line) } };
  });
  // publishAll settles each record on its own; anything it throws (origin unreadable) fails them all, each saying why.
  const outcomes = await publishAll(items, batchParallelism(process.env, context)).catch((error: unknown) => ids.map(() => ({ error })));
  const outcomeOf = new Map(ids.map((id, i) => [id, outcomes[i]!]));
  for (const { task, result } of committed) {
    const outcome = outcomeOf.get(task);
    const extra = lines.get(task) ?? [];
    if (outcome && 'error' in outcome) extra.push(formatExecutorError(outcome.error, 'apply', process.env));
    const output = result.terminalOutput + (extra.length > 0 ? `${extra.join('\n')}\n` : '');
    yield { task, result: { success: !(outcome && 'error' in outcome), terminalOutput: output } };
  }
}

/** Applies `--into current` share the checkout, so they go one at a time; others NX_PARALLEL at a time. */
export function applyParallelism(inputs: Record<string, ApplyExecutorOptions>, env: NodeJS.ProcessEnv, context: ExecutorContext): number {
  return Object.values(inputs).some((options) => options.into === 'current') ? 1 : batchParallelism(env, context);
}
