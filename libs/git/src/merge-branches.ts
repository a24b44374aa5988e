import { type GitContext, runGit, runGitResult, withEnv } from './run-git';

export type MergeOutcome = { merged: true; commit: string; tree: string } | { merged: false; conflicts: string[] };

/**
 * A merge commit of `commits` (two or more), built with `git merge-tree --write-tree` and
 * `commit-tree`: no checkout, index or ref is touched, so the user's work tree never sees it. Its
 * dates are the newest parent's, so the same parents always give the same commit (a rerun finds the
 * branch it built before). When two of them conflict, the conflicting paths are returned instead.
 */
export async function mergeBranches(git: GitContext, commits: readonly string[], message: string): Promise<MergeOutcome> {
  if (commits.length < 2) throw new Error(`mergeBranches needs two or more commits, got ${commits.length}`);
  const newest = await newestCommitDate(git, commits);
  const dated = withEnv(git, { GIT_AUTHOR_DATE: newest, GIT_COMMITTER_DATE: newest });
  let merged = commits[0]!;
  let tree = '';
  for (const [i, next] of commits.slice(1).entries()) {
    const result = await runGitResult(git, ['merge-tree', '--write-tree', '-z', '--name-only', '--no-messages', merged, next], {
      okExitCodes: [1],
      what: `Could not merge ${merged.slice(0, 12)} and ${next.slice(0, 12)}.`,
    });
    const [written = '', ...paths] = result.stdout.split('\0').filter(Boolean);
    if (result.exitCode === 1) return { merged: false, conflicts: [...new Set(paths)].sort() };
    tree = written;
    // The last merge takes every commit as a parent; the ones before are only steps to its tree.
    const parents = i === commits.length - 2 ? commits : [merged, next];
    merged = await runGit(dated, ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-m', message], {
      what: 'Could not create the merge commit (is user.name and user.email configured?).',
    });
  }
  return { merged: true, commit: merged, tree };
}

/** The newest committer date of `commits`, as git's `<seconds> +0000` date format. */
async function newestCommitDate(git: GitContext, commits: readonly string[]): Promise<string> {
  const out = await runGit(git, ['show', '-s', '--format=%ct', ...commits, '--']);
  const newest = Math.max(...out.split('\n').map(Number));
  return `${newest} +0000`;
}
