import type { PatchMeta, Task } from '@taskpod/core';
import type { StepContext } from './step-context';
import { notImplemented } from './not-implemented';

export interface PatchStepOptions {
  /** Make the patch from the repository's real staged changes instead of the run's outputs. */
  staged?: boolean;
}

/** patch: diff the task's outputs against the base commit in an isolated index; write diff + sidecar. */
export async function patchStep(_ctx: StepContext, _task: Task, _options: PatchStepOptions = {}): Promise<PatchMeta> {
  return notImplemented('patch');
}
