import { taskPaths } from '../paths';
import { jsonRecord, readRecordFile, writeRecordFile } from './record-file';
import { string } from './record-shape';

/**
 * `<git dir>/taskpod/patch-trees/<id>.json`: the tree that the task's newest diff (by its SHA-256)
 * makes of the commit it was made against, as the patch step built it. Only in the git folder, which
 * no commit, pull request or Nx cache carries: a tree named in a file anyone can commit could make
 * apply commit something its diff does not say.
 */
export interface PatchTreeRecord {
  task_id: string;
  diff_sha256: string;
  base_commit: string;
  tree: string;
}

const PATCH_TREE = jsonRecord<PatchTreeRecord>(
  { task_id: string, diff_sha256: string, base_commit: string, tree: string },
  (id) => `Delete it; \`taskpod patch ${id}\` writes it again.`,
);

/** The tree record of task `id`, or null; `gitDir` is the repository's `.git`. */
export const readPatchTreeRecord = (gitDir: string, id: string) => readRecordFile(gitDir, taskPaths(id).patchTreeInGitDir, PATCH_TREE, id);

export const writePatchTreeRecord = (gitDir: string, record: PatchTreeRecord) =>
  writeRecordFile(gitDir, taskPaths(record.task_id).patchTreeInGitDir, PATCH_TREE, record);
