import { GitError } from '@taskpod/core';
import { type GitContext, runGit, runGitResult } from './run-git';

/**
 * Deletes `refs/heads/<branch>` only while it points at `expect` (compare-and-swap), and refuses
 * when a worktree has it checked out (its HEAD would be left naming nothing).
 */
export async function deleteBranch(git: GitContext, branch: string, expect: string): Promise<void> {
  const ref = `refs/heads/${branch}`;
  const worktrees = await runGit(git, ['worktree', 'list', '--porcelain']);
  const at = worktrees.split('\n\n').find((block) => block.split('\n').includes(`branch ${ref}`));
  if (at) {
    const folder = at.split('\n')[0]!.replace(/^worktree /, '');
    throw new GitError(`Branch ${branch} is checked out in ${folder}; check out another branch there first.`, ['worktree', 'list'], 0, '');
  }
  const args = ['update-ref', '-d', ref, expect];
  const result = await runGitResult(git, args, { okExitCodes: [1, 128] });
  if (result.exitCode === 0) return;
  throw new GitError(
    `Could not delete branch ${branch}: it moved away from ${expect.slice(0, 12)} meanwhile.`,
    args,
    result.exitCode,
    result.stderr,
  );
}
