import { GitError } from '@taskpod/core';
import { type GitContext, runGit, runGitResult } from './run-git';

/** The commit `refs/heads/<branch>` points at on the remote, or null when it has no such branch. */
export async function remoteBranchTip(git: GitContext, remote: string, branch: string): Promise<string | null> {
  const out = await runGit(git, ['ls-remote', '--heads', remote, `refs/heads/${branch}`], {
    what: `Could not list the branches of ${remote}.`,
  });
  const line = out.split('\n').find((l) => l.endsWith(`\trefs/heads/${branch}`));
  return line ? line.slice(0, line.indexOf('\t')) : null;
}

/** Fetches the remote branch when its commit `tip` is not in the repository yet, so its history can be read. */
export async function fetchCommitOf(git: GitContext, remote: string, branch: string, tip: string): Promise<void> {
  const has = await runGitResult(git, ['cat-file', '-e', `${tip}^{commit}`], { okExitCodes: [1, 128] });
  if (has.exitCode === 0) return;
  await runGit(git, ['fetch', '--quiet', '--no-tags', remote, `refs/heads/${branch}`], {
    what: `Could not fetch ${branch} from ${remote} to check its commits.`,
  });
}

/**
 * Deletes the remote branch only while it still points at `expect` (a lease), so a commit pushed
 * to it meanwhile is never lost; an absent branch is fine. A stale lease is a GitError saying so.
 */
export async function deleteRemoteBranch(git: GitContext, remote: string, branch: string, expect: string): Promise<void> {
  const ref = `refs/heads/${branch}`;
  const args = ['push', '--quiet', '--porcelain', `--force-with-lease=${ref}:${expect}`, remote, `:${ref}`];
  const result = await runGitResult(git, args, { okExitCodes: [1] });
  if (result.exitCode === 0) return;
  throw new GitError(
    `Could not delete ${branch} on ${remote}: it moved since it was checked (someone pushed to it), or the push was refused. Nothing else was changed on ${remote}.`,
    args,
    result.exitCode,
    `${result.stdout}${result.stderr}`,
  );
}

/**
 * Points the remote branch at `commit` only while it is where it was seen (`expect`, null: absent),
 * so a branch someone else made or moved is never overwritten.
 */
export async function pushCommitTo(git: GitContext, remote: string, commit: string, branch: string, expect: string | null): Promise<void> {
  const ref = `refs/heads/${branch}`;
  const args = ['push', '--quiet', '--porcelain', `--force-with-lease=${ref}:${expect ?? ''}`, remote, `${commit}:${ref}`];
  const result = await runGitResult(git, args, { okExitCodes: [1] });
  if (result.exitCode === 0) return;
  throw new GitError(
    `Could not push ${branch} to ${remote}: it ${expect ? 'moved since it was checked' : 'appeared meanwhile'}, or the push was refused.`,
    args,
    result.exitCode,
    `${result.stdout}${result.stderr}`,
  );
}
