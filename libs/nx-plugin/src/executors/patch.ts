import type { ExecutorContext } from '@nx/devkit';
import type { PatchStepOptions } from '@taskpod/pipeline';
import type { BatchReads } from '@taskpod/pipeline/batch-reads';
import { runTaskTarget, type TargetIo } from './run-task-target';

export interface PatchExecutorOptions {
  /** Make the patch from the repository's real staged changes instead of the run's outputs. */
  staged?: boolean;
  force?: boolean;
}

/** `patch`: diff the run's outputs against the base commit into `.patches/patch_<stamp>_<id>.diff` + `.yaml`. */
export default async function patchExecutor(
  options: PatchExecutorOptions,
  context: ExecutorContext,
  io?: TargetIo,
  batchReads?: BatchReads,
) {
  return runTaskTarget(
    'patch',
    options,
    context,
    async (ctx, task) => {
      const stepOptions: PatchStepOptions & { force?: boolean } = {
        staged: options.staged === true,
        force: options.force === true,
        ...(batchReads ? { batchReads } : {}),
      };
      const meta = await (await import('@taskpod/pipeline/patch-step')).patchStep(ctx, task, stepOptions);
      if (!meta) return `${task.id} is done: \`patch\` has nothing to do.`;
      const files = `${meta.totals.files} file${meta.totals.files === 1 ? '' : 's'}`;
      return `${task.id}: wrote .patches/${meta.patch_file} (${files}, +${meta.totals.insertions} -${meta.totals.deletions})`;
    },
    io,
  );
}
