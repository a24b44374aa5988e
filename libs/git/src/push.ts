import { GitError } from '@taskpod/core';
import { pushRefCoalesced } from './coalesced-push';
import { type GitContext, runGit, runGitResult } from './run-git';
import { withTemporaryWorktree } from './worktree';

export interface PushInput {
  remote: string;
  /** Commit to publish; it must be the only commit on top of its parent that is ours. */
  commit: string;
  branch: string;
  /** Replace the remote branch only if it still points here (our own earlier push). */
  expectRemote?: string;
  /** Fetch, rebase and push once more after a rejection (default true); false fails at once. */
  retryAfterRebase?: boolean;
}

export interface PushResult {
  /** The commit the remote branch now points at (differs from the input after a rebase). */
  commit: string;
  rebased: boolean;
}

/**
 * Pushes `commit` to `refs/heads/<branch>` on the remote, from `repo.cwd` (any checkout of the repository
 * holding the commit). Pushes of one repository to one remote that wait at the same time share one
 * `git push` (pushRefCoalesced). A rejected push (someone pushed first) is retried once after fetching
 * the remote branch and rebasing our commit onto it, in a temporary worktree made only then; a second
 * rejection or a conflicting rebase is a clear GitError.
 */
export async function pushBranch(repo: GitContext, input: PushInput): Promise<PushResult> {
  const pushOnce = (commit: string, expect?: string) =>
    pushRefCoalesced(repo, input.remote, { commit, branch: input.branch, ...(expect ? { expect } : {}) });
  let first = await pushOnce(input.commit, input.expectRemote);
  // A stale lease means the remote moved or the branch was deleted: a plain push settles which.
  if (!first.ok && input.expectRemote) first = await pushOnce(input.commit);
  if (first.ok) return { commit: input.commit, rebased: false };
  if (input.retryAfterRebase === false) {
    throw new GitError(
      `The push of ${input.branch} to ${input.remote} was rejected: the remote branch has commits this one lacks. Pull them (\`git pull --rebase\`), then push.`,
      first.command,
      first.exitCode,
      first.stderr,
    );
  }
  const rebased = await withTemporaryWorktree(repo, input.commit, (worktree) => rebaseOntoRemote(worktree, input));
  const second = await pushOnce(rebased);
  if (!second.ok) {
    throw new GitError(
      `The push of ${input.branch} to ${input.remote} was rejected twice (once after fetching and rebasing); someone else is pushing to it. Try again later.`,
      second.command,
      second.exitCode,
      second.stderr,
    );
  }
  return { commit: rebased, rebased: true };
}

/** Fetches the remote branch and rebases our one commit onto it in `worktree`; returns the new commit. */
async function rebaseOntoRemote(worktree: GitContext, input: PushInput): Promise<string> {
  const ref = `refs/heads/${input.branch}`;
  await runGit(worktree, ['fetch', '--quiet', '--no-tags', input.remote, ref], {
    what: `The push of ${input.branch} was rejected and fetching ${input.remote} ${ref} to rebase failed.`,
  });
  const remoteTip = await runGit(worktree, ['rev-parse', 'FETCH_HEAD']);
  await runGit(worktree, ['checkout', '--quiet', '--force', '--detach', input.commit]);
  const rebase = await runGitResult(worktree, ['rebase', '--quiet', '--onto', remoteTip, `${input.commit}^`], { okExitCodes: [1, 128] });
  if (rebase.exitCode !== 0) {
    await runGitResult(worktree, ['rebase', '--abort'], { okExitCodes: [1, 128] });
    throw new GitError(
      `The push of ${input.branch} to ${input.remote} was rejected because the remote branch has new commits, and this commit does not rebase cleanly onto them (${remoteTip.slice(0, 12)}). Merge the remote branch by hand, or delete it, then apply again.`,
      ['rebase', '--onto', remoteTip, `${input.commit}^`],
      rebase.exitCode,
      rebase.stderr,
    );
  }
  return runGit(worktree, ['rev-parse', 'HEAD']);
}
