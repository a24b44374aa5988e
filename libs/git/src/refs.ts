import { GitError } from '@taskpod/core';
import { runGit, runGitResult } from './run-git';

/** The full object id a revision names; a GitError naming the revision when it does not exist. */
export async function revParse(cwd: string, rev: string): Promise<string> {
  return runGit(cwd, ['rev-parse', '--verify', '--end-of-options', `${rev}^{commit}`], {
    what: `\`${rev}\` does not name a commit in ${cwd}.`,
  });
}

/**
 * What a revision names, in one call: its commit, that commit's tree, and the branch it is (short
 * name), or null when it is not a branch (a commit id, a detached HEAD).
 */
export async function resolveRevision(cwd: string, rev: string): Promise<{ commit: string; tree: string; branch: string | null }> {
  // Without --verify, rev-parse would read a leading dash as an option (and echoes --end-of-options).
  if (rev.startsWith('-')) throw new GitError(`\`${rev}\` is not a valid revision.`, ['rev-parse', rev], undefined, '');
  const out = await runGit(cwd, ['rev-parse', `${rev}^{commit}`, `${rev}^{tree}`, '--symbolic-full-name', rev], {
    what: `\`${rev}\` does not name a commit in ${cwd}.`,
  });
  const [commit = '', tree = '', ref = ''] = out.split('\n');
  return { commit, tree, branch: ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null };
}

/** The commit `refs/heads/<branch>` points at, or null when there is no such branch. */
export async function branchTip(cwd: string, branch: string): Promise<string | null> {
  const result = await runGitResult(cwd, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], { okExitCodes: [1] });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

/** Whether commit `ancestor` is reachable from `descendant` (false when either is unknown). */
export async function isAncestor(cwd: string, ancestor: string, descendant: string): Promise<boolean> {
  const result = await runGitResult(cwd, ['merge-base', '--is-ancestor', ancestor, descendant], { okExitCodes: [1, 128] });
  return result.exitCode === 0;
}

/** Points a branch at a commit, creating it when missing (refuses when it is checked out elsewhere). */
export async function setBranch(cwd: string, branch: string, commit: string): Promise<void> {
  await runGit(cwd, ['branch', '--force', '--no-track', branch, commit], {
    what: `Could not point branch ${branch} at ${commit.slice(0, 12)}.`,
  });
}

/** The URL of a remote, or null when the remote does not exist. */
export async function remoteUrl(cwd: string, remote = 'origin'): Promise<string | null> {
  const result = await runGitResult(cwd, ['remote', 'get-url', remote], { okExitCodes: [2, 128] });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}
