import type { ExecutorContext } from '@nx/devkit';
import type { PendingPublish } from '@taskpod/pipeline';
import type { BatchReads } from '@taskpod/pipeline/batch-reads';
import { callTaskStep } from '@taskpod/pipeline/run-task-step';
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
    async (opened) => {
      await callTaskStep(opened, batch ? { deferPublish: batch.deferPublish, batchReads: batch.reads } : {});
      // The step said what it committed, and publishing says what it pushed and opened: one line each.
      return null;
    },
    io,
  );
}
