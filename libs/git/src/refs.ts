import { GitError } from '@taskpod/core';
import { type GitContext, runGit, runGitResult } from './run-git';

/** The full object id a revision names; a GitError naming the revision when it does not exist. */
export async function revParse(git: GitContext, rev: string): Promise<string> {
  return runGit(git, ['rev-parse', '--verify', '--end-of-options', `${rev}^{commit}`], {
    what: `\`${rev}\` does not name a commit in ${git.cwd}.`,
  });
}

/**
 * What a revision names, in one call: its commit, that commit's tree, and the branch it is (short
 * name), or null when it is not a branch (a commit id, a detached HEAD).
 */
export async function resolveRevision(git: GitContext, rev: string): Promise<{ commit: string; tree: string; branch: string | null }> {
  // Without --verify, rev-parse would read a leading dash as an option (and echoes --end-of-options).
  if (rev.startsWith('-')) throw new GitError(`\`${rev}\` is not a valid revision.`, ['rev-parse', rev], undefined, '');
  const out = await runGit(git, ['rev-parse', `${rev}^{commit}`, `${rev}^{tree}`, '--symbolic-full-name', rev], {
    what: `\`${rev}\` does not name a commit in ${git.cwd}.`,
  });
  const [commit = '', tree = '', ref = ''] = out.split('\n');
  return { commit, tree, branch: ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null };
}

/** The commit `refs/heads/<branch>` points at, or null when there is no such branch. */
export async function branchTip(git: GitContext, branch: string): Promise<string | null> {
  const result = await runGitResult(git, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], { okExitCodes: [1] });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

/** Every branch under `refs/heads/<prefix>` and its commit, in one git process (a batch's tips at once). */
export async function branchTips(git: GitContext, prefix: string): Promise<Map<string, string>> {
  const out = await runGit(git, ['for-each-ref', '--format=%(objectname) %(refname)', `refs/heads/${prefix}`]);
  const tips = new Map<string, string>();
  for (const line of out.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) tips.set(line.slice(space + 1 + 'refs/heads/'.length), line.slice(0, space));
  }
  return tips;
}

/** Whether commit `ancestor` is reachable from `descendant` (false when either is unknown). */
export async function isAncestor(git: GitContext, ancestor: string, descendant: string): Promise<boolean> {
  const result = await runGitResult(git, ['merge-base', '--is-ancestor', ancestor, descendant], { okExitCodes: [1, 128] });
  return result.exitCode === 0;
}

/** Points a branch at a commit, creating it when missing (refuses when it is checked out elsewhere). */
export async function setBranch(git: GitContext, branch: string, commit: string): Promise<void> {
  await runGit(git, ['branch', '--force', '--no-track', branch, commit], {
    what: `Could not point branch ${branch} at ${commit.slice(0, 12)}.`,
  });
}

/** The URL of a remote, or null when the remote does not exist. */
export async function remoteUrl(git: GitContext, remote = 'origin'): Promise<string | null> {
  const result = await runGitResult(git, ['remote', 'get-url', remote], { okExitCodes: [2, 128] });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}
