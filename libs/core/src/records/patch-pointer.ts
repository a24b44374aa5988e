import { PATCHES_DIR, taskPaths } from '../paths';
import { UserError } from '../errors';
import { jsonRecord, readRecordFile, writeRecordFile } from './record-file';
import { string } from './record-shape';

/** `.patches/<id>/patch.json`: file names (under `.patches/`) of the task's newest patch. */
export interface PatchPointer {
  diff: string;
  meta: string;
}

const POINTER = jsonRecord<PatchPointer>({ diff: string, meta: string }, (id) => `Re-run \`taskpod patch ${id}\`.`);

/**
 * The task's patch pointer, or null before its first patch. The names must be patch files of this
 * task: a hand-edited `../x` must not make apply or log read elsewhere.
 */
export async function readPatchPointer(root: string, id: string): Promise<PatchPointer | null> {
  const rel = taskPaths(id).latestPatch;
  const pointer = await readRecordFile(root, rel, POINTER, id);
  if (!pointer) return null;
  for (const [field, ext] of [
    ['diff', 'diff'],
    ['meta', 'yaml'],
  ] as const) {
    if (!new RegExp(`^patch_\\d{8}_\\d{6}_${id.replace(/\./g, '\\.')}\\.${ext}$`).test(pointer[field])) {
      throw new UserError(`${rel}: field \`${field}\` must name a patch file of task ${id} in ${PATCHES_DIR}/.`, {
        expected: `patch_<YYYYMMDD>_<HHMMSS>_${id}.${ext}`,
        received: JSON.stringify(pointer[field]),
        hint: POINTER.hint(id),
      });
    }
  }
  return pointer;
}

export const writePatchPointer = (root: string, id: string, pointer: PatchPointer) =>
  writeRecordFile(root, taskPaths(id).latestPatch, POINTER, pointer);
