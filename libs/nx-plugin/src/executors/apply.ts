import type { ExecutorContext } from '@nx/devkit';
import type { ApplyStepOptions, PendingPublish } from '@taskpod/pipeline';
import type { BatchReads } from '@taskpod/pipeline/batch-reads';
import { runTaskTarget, type TargetIo } from './run-task-target';

/** What an Nx batch hands each of its applies: where to leave the push and PR, and the shared reads. */
export interface ApplyBatch {
  deferPublish: (pending: PendingPublish) => void;
  reads: BatchReads;
}

export interface ApplyExecutorOptions {
  /** `current` applies onto the current checkout and branch instead of a `taskpod/<id>` worktree. */
  into?: 'worktree' | 'current';
  push?: boolean;
  pr?: boolean;
  overwrite?: boolean;
  force?: boolean;
}

/**
 * `apply`: commit the patch on `taskpod/<id>` (or the current branch), push, open or update the PR.
 * In a batch the push and PR are handed back instead (the batch publishes them all at once).
 */
export default async function applyExecutor(options: ApplyExecutorOptions, context: ExecutorContext, io?: TargetIo, batch?: ApplyBatch) {
  return runTaskTarget(
    'apply',
    options,
    context,
    async (ctx, task) => {
      const stepOptions: ApplyStepOptions & { force?: boolean } = {
        into: options.into ?? 'worktree',
        push: options.push !== false,
        pr: options.pr !== false,
        ...(options.overwrite !== undefined ? { overwrite: options.overwrite } : {}),
        force: options.force === true,
        ...(batch ? { deferPublish: batch.deferPublish, batchReads: batch.reads } : {}),
      };
      const record = await (await import('@taskpod/pipeline/apply-step')).applyStep(ctx, task, stepOptions);
      if (!record) return `${task.id} is done: \`apply\` has nothing to do.`;
      // The step said what it committed, and publishing says what it pushed and opened: one line each.
      return null;
    },
    io,
  );
}
