import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PATCHES_DIR, UserError, taskPaths, type ApplyRecord, type PatchMeta, type RunRecord } from '@taskpod/core';
import { readTextIfExists } from '@taskpod/core/atomic-write';
import type { LogInputs } from './build-ledger-entry';

/**
 * Reads what `log` needs for a task: patch.json, the patch's sidecar, run.json and apply.json.
 * A missing record names the file and the step that writes it; records of another task or of an
 * older patch are refused, so a log line never mixes two runs.
 */
export async function readLogInputs(root: string, taskId: string): Promise<LogInputs> {
  const paths = taskPaths(taskId);
  const patch = await readRecord<{ diff: string; meta: string }>(root, paths.latestPatch, 'json', taskId, 'patch');
  requireFields(paths.latestPatch, patch, { diff: 'string', meta: 'string' });
  // The pointer names files under .patches/; a hand-edited `../x` must not make log read elsewhere.
  for (const [field, ext] of [['diff', 'diff'], ['meta', 'yaml']] as const) {
    if (!new RegExp(`^patch_\\d{8}_\\d{6}_${taskId.replace(/\./g, '\\.')}\\.${ext}$`).test(patch[field])) {
      throw new UserError(`${paths.latestPatch}: field \`${field}\` must name a patch file of task ${taskId} in ${PATCHES_DIR}/.`, {
        expected: `patch_<YYYYMMDD>_<HHMMSS>_${taskId}.${ext}`,
        received: JSON.stringify(patch[field]),
        hint: `Re-run \`taskpod patch ${taskId}\`.`,
      });
    }
  }
  const metaFile = `${PATCHES_DIR}/${patch.meta}`;
  const meta = await readRecord<PatchMeta>(root, metaFile, 'yaml', taskId, 'patch');
  requireFields(metaFile, meta, { task_id: 'string', summary: 'string', tokens_in: 'number', tokens_out: 'number', cost_usd: 'number', totals: 'object', files: 'object' });
  requireFields(`${metaFile} totals`, meta.totals, { files: 'number', insertions: 'number', deletions: 'number' });
  const apply = await readRecord<ApplyRecord>(root, paths.apply, 'json', taskId, 'apply');
  requireFields(paths.apply, apply, { task_id: 'string', patch_file: 'string', branch: 'string', commit: 'string', pushed: 'boolean' });
  // A patch of staged changes had no model run; an older run.json beside it is not its record.
  const run = meta.source === 'staged' ? null : await readRecord<RunRecord>(root, paths.run, 'json', taskId, 'run');
  if (run) requireFields(paths.run, run, { task_id: 'string', duration_s: 'number' });
  for (const [file, record] of [[metaFile, meta], [paths.apply, apply], [paths.run, run]] as const) {
    if (record && record.task_id !== taskId) {
      throw new UserError(`${file} belongs to task \`${record.task_id}\`, not \`${taskId}\`.`, { expected: taskId, received: record.task_id });
    }
  }
  if (apply.patch_file !== patch.diff && apply.patch_file !== patch.meta) {
    throw new UserError(`${paths.apply} records patch ${apply.patch_file}, but the newest patch of ${taskId} is ${patch.diff}.`, {
      hint: `Run \`taskpod apply ${taskId}\` first, so the logged branch and PR hold this patch.`,
    });
  }
  return { run, patch, meta, apply };
}

async function readRecord<T>(root: string, rel: string, format: 'json' | 'yaml', taskId: string, step: string): Promise<T> {
  const text = await readTextIfExists(path.join(root, rel));
  if (text === null) {
    throw new UserError(`Cannot log task ${taskId}: ${rel} is missing.`, { hint: `Run \`taskpod ${step} ${taskId}\` first.` });
  }
  try {
    const value = format === 'json' ? JSON.parse(text) : parseYaml(text);
    if (value && typeof value === 'object') return value as T;
    throw new Error(`expected an object, got ${value === null ? 'null' : typeof value}`);
  } catch (error) {
    throw new UserError(`${rel} is not a valid ${format.toUpperCase()} record: ${(error as Error).message}`, { hint: `Re-run \`taskpod ${step} ${taskId}\`.` }, { cause: error });
  }
}

/** Checks the fields `log` relies on, naming the file and field that is wrong. */
function requireFields(where: string, record: object, fields: Record<string, 'string' | 'number' | 'boolean' | 'object'>): void {
  for (const [field, type] of Object.entries(fields)) {
    const value = (record as Record<string, unknown>)[field];
    if (typeof value !== type || value === null || (type === 'number' && !Number.isFinite(value))) {
      throw new UserError(`${where}: field \`${field}\` must be a ${type}.`, { expected: type, received: value === undefined ? 'nothing' : JSON.stringify(value) });
    }
  }
}
