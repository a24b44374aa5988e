import type { Task } from '@taskpod/core';
import { logPatch, readLogInputs, type LedgerEntry } from '@taskpod/ledger';
import { configureRecordsMerge } from './records-merge-driver';
import { releaseClaim } from './release-claim';
import { type StatusRule, type StepContext, decisionFor } from './step-context';

/** `force` logs a `done` task again (its patch is still logged only once). */
export interface LogStepOptions extends StatusRule {
  /**
   * Hands the release of the task's claim to the caller instead of doing it now: an Nx batch releases
   * all its tasks' claims at once after logging them, so their pushes to origin go as one.
   */
  deferRelease?: (release: () => Promise<string | null>) => void;
}

export interface LogStepResult {
  /** False when this patch was already logged (idempotent re-run) or the task is done. */
  appended: boolean;
  /** Workspace-relative paths written. */
  written: string[];
  /** True when the task was `done`: nothing was read or written. */
  skipped: boolean;
  /** The ledger line of the patch (null when skipped). */
  entry: LedgerEntry | null;
  /** Fields set in the task.yaml, e.g. `status`, `updated_at`. */
  taskFields: string[];
}

/**
 * log: trace row, metrics, feedback file, and `status: done` in the task.yaml, from the records the
 * run, patch and apply steps left. A task that is done is a no-op; a re-run for the same patch
 * (the task is done *because* log ran) adds nothing, since the ledger is keyed by patch file.
 */
export async function logStep(ctx: StepContext, task: Task, options: LogStepOptions = {}): Promise<LogStepResult> {
  if (decisionFor(task, 'log', options) === 'skip-done') {
    return { appended: false, written: [], skipped: true, entry: null, taskFields: [] };
  }
  const inputs = await readLogInputs(ctx.root, task.id);
  await configureRecordsMerge(ctx);
  const result = await logPatch(ctx.root, task, inputs, { now: ctx.now(), env: ctx.env });
  ctx.log(
    result.appended
      ? `${task.id}: logged ${result.entry.patch_file} (${result.written.join(', ')}); status done`
      : `${task.id}: ${result.entry.patch_file} was already logged${result.written.length ? `; completed ${result.written.join(', ')}` : ''}`,
  );
  // Logged: the claim on origin now says where the task went, and holds nobody back any more.
  const { branch, pr_url } = inputs.apply;
  const release = () => releaseClaim(ctx, task.id, { branch, ...(pr_url ? { pr_url } : {}) });
  if (options.deferRelease) options.deferRelease(release);
  else {
    const warning = await release();
    if (warning) ctx.log(`taskpod: warning: ${warning}`);
  }
  return { appended: result.appended, written: result.written, skipped: false, entry: result.entry, taskFields: result.taskFields };
}
