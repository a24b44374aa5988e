import type { Task } from '@taskpod/core';
import type { StepContext } from './step-context';
import { notImplemented } from './not-implemented';

export interface LogStepResult {
  /** False when this patch was already logged (idempotent re-run). */
  appended: boolean;
  /** Workspace-relative paths written. */
  written: string[];
}

/** log: trace row, metrics, feedback file, and `status: done` in the task.yaml. */
export async function logStep(_ctx: StepContext, _task: Task): Promise<LogStepResult> {
  return notImplemented('log');
}
