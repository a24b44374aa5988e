import type { ApplyRecord, Task } from '@taskpod/core';
import type { StepContext } from './step-context';
import { notImplemented } from './not-implemented';

export interface ApplyStepOptions {
  into?: 'worktree' | 'current';
  push?: boolean;
  pr?: boolean;
  overwrite?: boolean;
}

/** apply: commit the patch on `taskpod/<id>` (or the current branch), push, open or update the PR. */
export async function applyStep(_ctx: StepContext, _task: Task, _options: ApplyStepOptions = {}): Promise<ApplyRecord> {
  return notImplemented('apply');
}
