import { PATCHES_DIR, UserError, taskPaths } from '@taskpod/core';
import { readApplyRecord, readPatchPointer, readRunRecord, readSidecar } from '@taskpod/core/records';
import type { LogInputs } from './build-ledger-entry';

/**
 * Reads what `log` needs for a task: patch.json, the patch's sidecar, run.json and apply.json, each
 * checked by core's records module (a broken one names its file and field). A missing record names
 * the file and the step that writes it; a record of an older patch is refused, so a log line never
 * mixes two runs.
 */
export async function readLogInputs(root: string, taskId: string): Promise<LogInputs> {
  const paths = taskPaths(taskId);
  const patch = required(await readPatchPointer(root, taskId), paths.latestPatch, taskId, 'patch');
  const meta = required(await readSidecar(root, patch.meta, taskId), `${PATCHES_DIR}/${patch.meta}`, taskId, 'patch');
  const apply = required(await readApplyRecord(root, taskId), paths.apply, taskId, 'apply');
  // A patch of staged changes had no model run; an older run.json beside it is not its record.
  const run = meta.source === 'staged' ? null : required(await readRunRecord(root, taskId), paths.run, taskId, 'run');
  if (apply.patch_file !== patch.diff && apply.patch_file !== patch.meta) {
    throw new UserError(`${paths.apply} records patch ${apply.patch_file}, but the newest patch of ${taskId} is ${patch.diff}.`, {
      hint: `Run \`taskpod apply ${taskId}\` first, so the logged branch and PR hold this patch.`,
    });
  }
  return { run, patch, meta, apply };
}

function required<T>(record: T | null, rel: string, taskId: string, step: string): T {
  if (record !== null) return record;
  throw new UserError(`Cannot log task ${taskId}: ${rel} is missing.`, { hint: `Run \`taskpod ${step} ${taskId}\` first.` });
}
