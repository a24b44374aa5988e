import * as path from 'node:path';
import { type GitContext, runGit, runGitResult } from './run-git';

export type ApplyOutcome = { applied: true } | { applied: false; conflicts: string[]; stderr: string };

export interface ApplyIndexOptions {
  /** The commit the index was read from, restored on failure (default HEAD). */
  resetTo?: string;
}

/**
 * `git apply --3way --cached` in an index (a worktree's, or a throwaway one through `GIT_INDEX_FILE` in `git.env`): a
 * three-way merge through the patch's full blob ids when the patch does not apply as it is, without
 * touching files. On failure the index is reset to `resetTo` and the conflicting paths are returned,
 * so the caller decides (overwrite or fail) with nothing half-done.
 */
export async function applyPatch3way(git: GitContext, patchFile: string, options: ApplyIndexOptions = {}): Promise<ApplyOutcome> {
  // Direct application first (all or nothing): since git 2.32 `--3way` merges every file even when
  // the patch applies as it is, which is much slower on large patches (tools/bench/patch-apply-bench.mjs);
  // the merge is only needed on failure.
  const direct = await runGitResult(git, ['apply', '--cached', '--whitespace=nowarn', patchFile], { okExitCodes: [1, 128] });
  if (direct.exitCode === 0) return { applied: true };
  const result = await runGitResult(git, ['apply', '--cached', '--3way', '--whitespace=nowarn', patchFile], { okExitCodes: [1, 128] });
  // A clean 3-way apply exits 0; only a failed one can leave unmerged entries to list.
  if (result.exitCode === 0) return { applied: true };
  const unmerged = await runGit(git, ['ls-files', '--unmerged', '-z']);
  const conflicts = new Set(
    unmerged
      .split('\0')
      .filter(Boolean)
      .map((record) => record.slice(record.indexOf('\t') + 1)),
  );
  for (const match of result.stderr.matchAll(
    /^error: (?:patch failed: (.+):\d+|(.+?): (?:does not exist in index|already exists in index|does not match index|patch does not apply))$/gm,
  )) {
    conflicts.add((match[1] ?? match[2])!);
  }
  await runGit(git, ['read-tree', options.resetTo ?? 'HEAD']);
  return { applied: false, conflicts: [...conflicts].sort(), stderr: result.stderr };
}

/**
 * Puts files from `filesDir` (mirrored at their repository paths) into the index of the repository
 * whose top folder is `git.cwd` (its index, or the one `GIT_INDEX_FILE` in `git.env` names), in one `update-index` process that hashes them from `filesDir` as if it
 * were the work tree. A missing file is a GitError naming it.
 */
export async function addFilesToIndex(git: GitContext, filesDir: string, paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  await runGit(git, ['--work-tree', path.resolve(filesDir), 'update-index', '--add', '-z', '--stdin'], {
    input: paths.map((p) => `${p}\0`).join(''),
    what: `Could not read the task's files from ${filesDir}.`,
  });
}
