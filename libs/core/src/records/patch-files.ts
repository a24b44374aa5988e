import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../atomic-write';
import { UserError } from '../errors';
import { PATCHES_DIR, taskPaths } from '../paths';
import type { PatchMeta } from '../types';
import { type PatchPointer, readPatchPointer, writePatchPointer } from './patch-pointer';
import { readSidecar, writeSidecar } from './sidecar';

/**
 * Writes a patch of task `id`: its diff and sidecar under `.patches/` (named by `names`), then
 * `.patches/<id>/patch.json` pointing at them. The pointer goes last, so apply and log never see a
 * patch whose files are not all written.
 */
export async function writePatch(root: string, id: string, names: PatchPointer, diff: string | Buffer, meta: PatchMeta): Promise<void> {
  // The pointer is the commit point, written last; the diff and its sidecar may land in either order.
  await Promise.all([writeFileAtomic(path.join(root, PATCHES_DIR, names.diff), diff), writeSidecar(root, names.meta, meta)]);
  await writePatchPointer(root, id, names);
}

/** The newest patch of a task: its pointer, its sidecar and the absolute path of its diff. */
export async function readLatestPatch(root: string, id: string): Promise<{ pointer: PatchPointer; meta: PatchMeta; diffPath: string }> {
  const pointer = await readPatchPointer(root, id);
  if (!pointer) {
    throw new UserError(`Task ${id} has no patch: ${taskPaths(id).latestPatch} does not exist.`, {
      hint: `Make one first: \`taskpod patch ${id}\` (or \`taskpod patch ${id} --staged\` for staged changes).`,
    });
  }
  const diffPath = path.join(root, PATCHES_DIR, pointer.diff);
  const [meta, diffExists] = await Promise.all([
    readSidecar(root, pointer.meta, id),
    fs.access(diffPath).then(
      () => true,
      () => false,
    ),
  ]);
  if (!meta || !diffExists) {
    throw new UserError(`The patch of task ${id} named in ${taskPaths(id).latestPatch} is missing (${pointer.diff}, ${pointer.meta}).`, {
      hint: `Make it again: \`taskpod patch ${id}\`.`,
    });
  }
  return { pointer, meta, diffPath };
}
