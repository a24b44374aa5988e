import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { GitError } from '@taskpod/core';
import { type GitContext, runGit, runGitResult } from './run-git';
import { commonGitDir } from './with-checkout-lock';

/** Points `refs/heads/<branch>` at `commit`, only if it still points at `from` (null: it must not exist yet). */
export interface BranchMove {
  branch: string;
  commit: string;
  from: string | null;
}

/**
 * Moves many branches of one repository in one `git update-ref --stdin` (an apply batch's hundred
 * branches, where one `git branch --force` each cost a process each), every move a compare-and-swap
 * against its `from`. Like `git branch --force`, a branch checked out in any worktree (or being
 * rebased) is refused. The transaction is all or nothing, so when it fails each move is retried
 * alone and only the stale one fails. Returns, per move, null or the error that stopped it.
 */
export async function moveBranches(git: GitContext, moves: readonly BranchMove[]): Promise<(GitError | null)[]> {
  const outcomes: (GitError | null)[] = moves.map(() => null);
  if (moves.length === 0) return outcomes;
  const busy = await checkedOutBranches(git);
  const free: number[] = [];
  for (const [i, move] of moves.entries()) {
    if (busy.has(move.branch))
      outcomes[i] = new GitError(
        `Could not point branch ${move.branch} at ${move.commit.slice(0, 12)}: it is checked out (or being rebased) in a worktree.`,
        ['update-ref', `refs/heads/${move.branch}`, move.commit],
        undefined,
        '',
      );
    else free.push(i);
  }
  if (free.length === 0) return outcomes;
  const lines = free.map((i) => {
    const m = moves[i]!;
    return m.from ? `update refs/heads/${m.branch} ${m.commit} ${m.from}\n` : `create refs/heads/${m.branch} ${m.commit}\n`;
  });
  const all = await runGitResult(git, ['update-ref', '-m', 'taskpod apply', '--stdin'], { input: lines.join(''), okExitCodes: [128] });
  if (all.exitCode === 0) return outcomes;
  await Promise.all(
    free.map(async (i) => {
      const m = moves[i]!;
      try {
        await runGit(git, ['update-ref', '-m', 'taskpod apply', `refs/heads/${m.branch}`, m.commit, m.from ?? ''], {
          what: `Could not point branch ${m.branch} at ${m.commit.slice(0, 12)} (it moved since taskpod read it).`,
        });
      } catch (error) {
        outcomes[i] = error as GitError;
      }
    }),
  );
  return outcomes;
}

/**
 * The branches a worktree of the repository has checked out or is rebasing, read from the git dir's
 * files (HEAD, rebase head-name), which is what `git branch --force` looks at, without a process.
 */
async function checkedOutBranches(git: GitContext): Promise<Set<string>> {
  const common = await commonGitDir(git);
  const linked = await readdir(path.join(common, 'worktrees')).catch(() => [] as string[]);
  const gitDirs = [common, ...linked.map((name) => path.join(common, 'worktrees', name))];
  const files = gitDirs.flatMap((dir) => ['HEAD', 'rebase-merge/head-name', 'rebase-apply/head-name'].map((f) => path.join(dir, f)));
  const texts = await Promise.all(files.map((file) => readFile(file, 'utf8').catch(() => '')));
  const branches = new Set<string>();
  for (const text of texts) {
    const ref = text.trim().replace(/^ref: /, '');
    if (ref.startsWith('refs/heads/')) branches.add(ref.slice('refs/heads/'.length));
  }
  return branches;
}
