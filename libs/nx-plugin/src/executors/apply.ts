import type { ExecutorContext } from '@nx/devkit';
import type { ApplyStepOptions, PendingPublish } from '@taskpod/pipeline';
import { runTaskTarget, type TargetIo } from './run-task-target';

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
 * With `deferPublish` the push and PR are handed back instead (the batch publishes them all at once).
 */
export default async function applyExecutor(options: ApplyExecutorOptions, context: ExecutorContext, io?: TargetIo, deferPublish?: (pending: PendingPublish) => void) {
  return runTaskTarget('apply', options, context, async (ctx, task) => {
    const stepOptions: ApplyStepOptions & { force?: boolean } = {
      into: options.into ?? 'worktree',
      push: options.push !== false,
      pr: options.pr !== false,
      ...(options.overwrite !== undefined ? { overwrite: options.overwrite } : {}),
      force: options.force === true,
      ...(deferPublish ? { deferPublish } : {}),
    };
    const record = await (await import('@taskpod/pipeline/apply-step')).applyStep(ctx, task, stepOptions);
    if (!record) return `${task.id} is done: \`apply\` has nothing to do.`;
    // The step said what it committed, and publishing says what it pushed and opened: one line each.
    return null;
  }, io);
}
