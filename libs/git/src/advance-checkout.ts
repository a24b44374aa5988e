import { GitError } from '@taskpod/core';
import { type GitContext, runGitResult } from './run-git';

/**
 * Moves the checked-out branch from commit `from` to `to` and brings the index and working tree
 * along, all or nothing: HEAD moves by compare-and-swap (`update-ref HEAD <to> <from>`, so a commit
 * or reset made meanwhile is never overwritten), then the checkout follows (updateCheckout); when it
 * refuses, HEAD is put back, and the index and working tree were never written.
 */
export async function advanceCheckout(git: GitContext, from: string, to: string): Promise<void> {
  const move = ['update-ref', '-m', `taskpod apply: ${to.slice(0, 12)}`, 'HEAD', to, from];
  const moved = await runGitResult(git, move, { okExitCodes: [1, 128] });
  if (moved.exitCode !== 0) {
    throw new GitError(
      `HEAD moved away from ${from.slice(0, 12)} while taskpod was applying onto it (a commit, reset or checkout meanwhile); nothing was changed. Apply again.`,
      move,
      moved.exitCode,
      moved.stderr,
    );
  }
  try {
    await updateCheckout(git, from, to);
  } catch (error) {
    await runGitResult(git, ['update-ref', '-m', 'taskpod apply: undone', 'HEAD', from, to], { okExitCodes: [1, 128] });
    throw error;
  }
}

/**
 * Brings the index and working tree from commit `from` to `to` with a two-tree `read-tree -m -u`:
 * only paths that differ are written, a path already at `to` is kept, and it refuses (writing
 * nothing) when that would lose a local change or an untracked file. Safe to repeat, which is how an
 * apply killed between moving HEAD and updating the checkout is finished.
 */
export async function updateCheckout(git: GitContext, from: string, to: string): Promise<void> {
  // Stat-only changes (a file touched, not edited) would otherwise read as local changes; `git merge` refreshes too.
  await runGitResult(git, ['update-index', '-q', '--refresh'], { okExitCodes: [1] });
  const merge = ['read-tree', '-m', '-u', from, to];
  const merged = await runGitResult(git, merge, { okExitCodes: [1, 128] });
  if (merged.exitCode === 0) return;
  throw new GitError(
    `Could not bring the index and working tree from ${from.slice(0, 12)} to ${to.slice(0, 12)}: a file that changes has local changes or an untracked file is in the way; HEAD, the index and the working tree are as they were.`,
    merge,
    merged.exitCode,
    merged.stderr,
  );
}
