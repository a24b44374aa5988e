import type { ExecutorContext } from '@nx/devkit';
import { type StepServices, callTaskStep } from '@taskpod/pipeline/run-task-step';
import { runTaskTarget, type TargetIo } from './run-task-target';

export interface LogExecutorOptions {
  force?: boolean;
}

/** `log`: trace row, metrics, feedback file, and `status: done` in the task.yaml. A batch passes `deferRelease`. */
export default async function logExecutor(
  options: LogExecutorOptions,
  context: ExecutorContext,
  io?: TargetIo,
  deferRelease?: StepServices['deferRelease'],
) {
  return runTaskTarget(
    'log',
    options,
    context,
    async (opened) => {
      await callTaskStep(opened, deferRelease ? { deferRelease } : {});
      // The step's own line names the patch, the files written and the status.
      return null;
    },
    io,
  );
}
