import { rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { applyPatch3way } from './apply-patch';
import { commitTree, type CommitMessageInput, writeTree } from './commit';
import { type GitContext, runGit, runGitBuffer } from './run-git';
import { makeTempIndexDir } from './temp-index-dir';
import { withScratchIndex } from './worktree';

export type RevertOutcome = { commit: string } | { conflicts: string[] } | { empty: true };

/** The line `git revert` writes into the message, and by which a revert of `commit` is found again. */
export const revertLine = (commit: string) => `This reverts commit ${commit}.`;

/**
 * `git revert <commit>` onto `onto` without touching a checkout: the reverse of the commit's diff,
 * applied 3-way in a throwaway index, committed with `onto` as the only parent (no ref moves). The
 * files that conflict are returned instead; `empty` when `onto` no longer holds any of the change.
 */
export async function buildRevertCommit(
  git: GitContext,
  commit: string,
  onto: string,
  message: Omit<CommitMessageInput, 'body'>,
): Promise<RevertOutcome> {
  const reverse = await runGitBuffer(git, ['diff', '--binary', '--full-index', commit, `${commit}^`, '--']);
  if (reverse.length === 0) return { empty: true };
  const dir = await makeTempIndexDir();
  const file = path.join(dir, 'revert.diff');
  try {
    await writeFile(file, reverse);
    return await withScratchIndex(git, onto, async (scratch) => {
      const outcome = await applyPatch3way(scratch, file, { resetTo: onto });
      if (!outcome.applied) return { conflicts: outcome.conflicts };
      const tree = await writeTree(scratch);
      if (tree === (await runGit(git, ['rev-parse', `${onto}^{tree}`]))) return { empty: true };
      return { commit: await commitTree(scratch, tree, onto, { ...message, body: revertLine(commit) }) };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The newest commit in `tip`'s history since `commit` whose message says it reverts `commit`, or null. */
export async function findRevertOf(git: GitContext, commit: string, tip: string): Promise<string | null> {
  const out = await runGit(git, ['log', '--format=%H', '--fixed-strings', `--grep=${revertLine(commit)}`, `${commit}..${tip}`, '--']);
  return out.split('\n')[0] || null;
}

/** The files a commit changes (both sides of a rename), relative to the repository. */
export async function filesChangedBy(git: GitContext, commit: string): Promise<string[]> {
  const out = await runGit(git, ['diff', '--name-only', '-z', '--no-renames', `${commit}^`, commit, '--']);
  return out.split('\0').filter(Boolean);
}
