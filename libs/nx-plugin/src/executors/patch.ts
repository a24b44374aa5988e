import type { ExecutorContext } from '@nx/devkit';
import type { BatchReads } from '@taskpod/pipeline/batch-reads';
import { callTaskStep } from '@taskpod/pipeline/run-task-step';
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
    async (opened) => {
      const meta = await callTaskStep(opened, batchReads ? { batchReads } : {});
      const files = `${meta.totals.files} file${meta.totals.files === 1 ? '' : 's'}`;
      return `${meta.task_id}: wrote .patches/${meta.patch_file} (${files}, +${meta.totals.insertions} -${meta.totals.deletions})`;
    },
    io,
  );
}
