import type { ExecutorContext } from '@nx/devkit';
import type { ModelCallLimit } from '@taskpod/pipeline';
import { callTaskStep } from '@taskpod/pipeline/run-task-step';
import { runTaskTarget, type TargetIo } from './run-task-target';

export interface RunExecutorOptions {
  /** Ask the model anew even when the reply store has a reply for this request. */
  fresh?: boolean;
  /** Run a `done` task again. */
  force?: boolean;
  /** Hash of the task's non-bookkeeping fields, set by the plugin so Nx's cache key covers them. */
  taskHash?: string;
}

/**
 * `run`: render the prompt and get the reply (from the store or the model) into `.patches/<id>/`.
 * A batch passes `modelCalls`, its limit on model calls at once.
 */
export default async function runExecutor(
  options: RunExecutorOptions,
  context: ExecutorContext,
  io?: TargetIo,
  modelCalls?: ModelCallLimit,
) {
  return runTaskTarget(
    'run',
    options,
    context,
    async (opened) => {
      // `taskpod run --fresh` reaches every run target through the environment (normalizeStepOptions).
      const record = await callTaskStep(opened, modelCalls ? { modelCalls } : {});
      // The run's time is part of the line because Nx replays it on a cache hit: a replay then shows
      // when the answer was obtained instead of seeming to ask again.
      const source = record.from_store
        ? 'reply store, no model call'
        : `asked ${record.provider} ${record.model}, ${record.tokens_in}+${record.tokens_out} tokens`;
      return `${record.task_id}: ${record.summary} (${record.files.length} file${record.files.length === 1 ? '' : 's'}; ${source}; run of ${record.started_at})`;
    },
    io,
  );
}
