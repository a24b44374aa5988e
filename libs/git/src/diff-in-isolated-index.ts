import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { PatchFileStat } from '@taskpod/core';
import { addFilesToIndex } from './apply-patch';
import { parseDiffSummary } from './parse-diff-summary';
import { runGit, runGitBuffer } from './run-git';

export interface IsolatedDiffInput {
  /** Any directory inside the repository. */
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

/** Options every patch-producing diff uses: binary-safe, full blob ids (for `apply --3way`), renames. */
export const PATCH_DIFF_ARGS = ['-p', '--binary', '--full-index', '-M'];
export const SUMMARY_DIFF_ARGS = ['-r', '-z', '--raw', '--numstat', '-M'];

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
  const [patch, summary] = await Promise.all([
    runGitBuffer(cwd, ['diff-index', '--cached', ...PATCH_DIFF_ARGS, base, '--'], { env }),
    runGit(cwd, ['diff-index', '--cached', ...SUMMARY_DIFF_ARGS, base, '--'], { env }),
  ]);
  return { patch, files: parseDiffSummary(summary) };
}

function nulJoin(paths: string[]): string {
  return paths.map((p) => `${p}\0`).join('');
}
