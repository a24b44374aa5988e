import type { RunRecord, Task } from '@taskpod/core';
import type { StepContext } from './step-context';
import { notImplemented } from './not-implemented';

export interface RunStepOptions {
  /** Ask the model anew even when the reply store has a reply for this request. */
  fresh?: boolean;
}

/** run: render the prompt, get a reply (store or model), guard its paths, write `.patches/<id>/`. */
export async function runStep(_ctx: StepContext, _task: Task, _options: RunStepOptions = {}): Promise<RunRecord> {
  return notImplemented('run');
}
