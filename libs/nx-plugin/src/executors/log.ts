import type { ExecutorContext } from '@nx/devkit';
import { runTaskTarget, type TargetIo } from './run-task-target';

export interface LogExecutorOptions {
  force?: boolean;
}

/** `log`: trace row, metrics, feedback file, and `status: done` in the task.yaml. */
export default async function logExecutor(options: LogExecutorOptions, context: ExecutorContext, io?: TargetIo) {
  return runTaskTarget(
    'log',
    options,
    context,
    async (ctx, task) => {
      const result = await (await import('@taskpod/pipeline/log-step')).logStep(ctx, task, { force: options.force === true });
      if (result.skipped) return `${task.id} is done: \`log\` has nothing to do.`;
      // The step's own line names the patch, the files written and the status.
      return null;
    },
    io,
  );
}
