import * as path from 'node:path';
import { runGit, runGitResult } from './run-git';

export type ApplyOutcome = { applied: true } | { applied: false; conflicts: string[]; stderr: string };

/**
 * `git apply --3way --cached` in a worktree's index: a three-way merge through the patch's full
 * blob ids when the patch does not apply as it is, without touching files. On failure the index is reset to HEAD and the conflicting
 * paths are returned, so the caller decides (overwrite or fail) with nothing half-done.
 */
export async function applyPatch3way(worktree: string, patchFile: string): Promise<ApplyOutcome> {
  // Direct application first (all or nothing): since git 2.32 `--3way` merges every file even when
  // the patch applies as it is, which costs ~3x on large patches; the merge is only needed on failure.
  const direct = await runGitResult(worktree, ['apply', '--cached', '--whitespace=nowarn', patchFile], { okExitCodes: [1, 128] });
  if (direct.exitCode === 0) return { applied: true };
  const result = await runGitResult(worktree, ['apply', '--cached', '--3way', '--whitespace=nowarn', patchFile], {
    okExitCodes: [1, 128],
  });
  // A clean 3-way apply exits 0; only a failed one can leave unmerged entries to list.
  if (result.exitCode === 0) return { applied: true };
  const unmerged = await runGit(worktree, ['ls-files', '--unmerged', '-z']);
  const conflicts = new Set(
    unmerged
      .split('\0')
      .filter(Boolean)
      .map((record) => record.slice(record.indexOf('\t') + 1)),
  );
  for (const match of result.stderr.matchAll(/^error: (?:patch failed: (.+):\d+|(.+?): (?:does not exist in index|already exists in index|does not match index|patch does not apply))$/gm)) {
    conflicts.add((match[1] ?? match[2])!);
  }
  await runGit(worktree, ['read-tree', 'HEAD']);
  return { applied: false, conflicts: [...conflicts].sort(), stderr: result.stderr };
}

/**
 * Puts files from `filesDir` (mirrored at their repository paths) into the index of the repository
 * whose top folder is `top`, in one `update-index` process that hashes them from `filesDir` as if it
 * were the work tree. A missing file is a GitError naming it.
 */
export async function addFilesToIndex(top: string, filesDir: string, paths: string[], env: Record<string, string> = {}): Promise<void> {
  if (paths.length === 0) return;
  await runGit(top, ['--work-tree', path.resolve(filesDir), 'update-index', '--add', '-z', '--stdin'], {
    env,
    input: paths.map((p) => `${p}\0`).join(''),
    what: `Could not read the task's files from ${filesDir}.`,
  });
}
