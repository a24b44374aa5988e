import * as path from 'node:path';
import { absoluteGitDir } from './refs';
import { runGit, runGitResult } from './run-git';

export type ApplyOutcome = { applied: true } | { applied: false; conflicts: string[]; stderr: string };

/**
 * `git apply --3way --cached` in a worktree's index: a three-way merge through the patch's full
 * blob ids, without touching files. On failure the index is reset to HEAD and the conflicting
 * paths are returned, so the caller decides (overwrite or fail) with nothing half-done.
 */
export async function applyPatch3way(worktree: string, patchFile: string): Promise<ApplyOutcome> {
  const result = await runGitResult(worktree, ['apply', '--cached', '--3way', '--whitespace=nowarn', patchFile], {
    okExitCodes: [1, 128],
  });
  const unmerged = await runGit(worktree, ['ls-files', '--unmerged', '-z']);
  const conflicts = new Set(
    unmerged
      .split('\0')
      .filter(Boolean)
      .map((record) => record.slice(record.indexOf('\t') + 1)),
  );
  if (result.exitCode === 0 && conflicts.size === 0) return { applied: true };
  for (const match of result.stderr.matchAll(/^error: (?:patch failed: (.+):\d+|(.+?): (?:does not exist in index|already exists in index|does not match index|patch does not apply))$/gm)) {
    conflicts.add((match[1] ?? match[2])!);
  }
  await runGit(worktree, ['read-tree', 'HEAD']);
  return { applied: false, conflicts: [...conflicts].sort(), stderr: result.stderr };
}

/**
 * Puts files from `filesDir` (mirrored at their repository paths) into a repository's index in one
 * `update-index` process, hashing them from there as if it were the work tree.
 */
export async function addFilesToIndex(cwd: string, filesDir: string, paths: string[], env: Record<string, string> = {}): Promise<void> {
  if (paths.length === 0) return;
  const gitDir = await absoluteGitDir(cwd);
  await runGit(path.resolve(filesDir), ['--git-dir', gitDir, '--work-tree', path.resolve(filesDir), 'update-index', '--add', '-z', '--stdin'], {
    env,
    input: paths.map((p) => `${p}\0`).join(''),
  });
}
