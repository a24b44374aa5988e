import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { InternalError, type PatchFileStat } from '@taskpod/core';
import { addFilesToIndex } from './apply-patch';
import { countPatchLines, parseRawRecords } from './parse-diff-summary';
import { runGit, runGitBuffer } from './run-git';

export interface IsolatedDiffInput {
  /** Top folder of the repository (or of a worktree). */
  cwd: string;
  /** Commit the new files are compared with. */
  base: string;
  /** Folder holding the new versions, mirrored at their repository paths. */
  filesDir: string;
  /** Repository paths (forward slashes) to take from `filesDir`. */
  paths: string[];
  /** Repository paths to delete. */
  deletions?: string[];
}

export interface DiffResult {
  /** `git diff --binary --full-index` text as bytes, so binary files survive. */
  patch: Buffer;
  files: PatchFileStat[];
}

/**
 * One diff-index call gives the per-file records (`-z --raw`) and the patch (binary-safe, full blob
 * ids for `apply --3way`, renames); git ends the records with an empty one, so the first `\0\0`
 * splits the two (paths are never empty). Counts come from the patch, so git diffs each file once.
 */
export const DIFF_ARGS = ['-r', '-z', '--raw', '-p', '--binary', '--full-index', '-M'];

/**
 * Diffs `base` against base + the given files, built in a throwaway index (`GIT_INDEX_FILE`), so the
 * user's index and working tree are never read or written. Blobs go into the object database, so the
 * patch's `index` lines resolve for a later `git apply --3way`.
 */
export async function diffInIsolatedIndex(input: IsolatedDiffInput): Promise<DiffResult> {
  const tempDir = await mkdtemp(path.join(tmpdir(), 'taskpod-index-'));
  const env = { GIT_INDEX_FILE: path.join(tempDir, 'index') };
  try {
    await runGit(input.cwd, ['read-tree', input.base], { env });
    await addFilesToIndex(input.cwd, input.filesDir, input.paths, env);
    if (input.deletions?.length) {
      await runGit(input.cwd, ['update-index', '--force-remove', '-z', '--stdin'], { env, input: nulJoin(input.deletions) });
    }
    return await diffIndexAgainst(input.cwd, input.base, env);
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

/** The patch and per-file summary of an index (the one in `env`, else the repository's) against a commit. */
export async function diffIndexAgainst(cwd: string, base: string, env: Record<string, string> = {}): Promise<DiffResult> {
  const output = await runGitBuffer(cwd, ['diff-index', '--cached', ...DIFF_ARGS, base, '--'], { env });
  return splitDiffOutput(output);
}

/** Splits the combined output into summary and patch (exported for tests). */
export function splitDiffOutput(output: Buffer): DiffResult {
  if (output.length === 0) return { patch: Buffer.alloc(0), files: [] };
  const end = output.indexOf('\0\0');
  if (end < 0) throw new InternalError('git diff-index printed a summary without its terminating empty record.');
  const patch = output.subarray(end + 2);
  const files = parseRawRecords(output.subarray(0, end + 1).toString('utf8'));
  const counts = countPatchLines(patch);
  if (counts.length !== files.length) throw new InternalError(`git diff-index listed ${files.length} files but its patch has ${counts.length} sections.`);
  return { patch, files: files.map((file, i) => ({ ...file, ...counts[i]! })) };
}

function nulJoin(paths: string[]): string {
  return paths.map((p) => `${p}\0`).join('');
}
