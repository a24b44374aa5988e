import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type GitContext, inDir, runGit, runGitResult, withEnv } from './run-git';
import { makeTempIndexDir } from './temp-index-dir';

export interface AddWorktreeOptions {
  /** Write the files out; without it only the index is filled (enough to apply and commit). */
  checkout?: boolean;
}

/** Adds a detached worktree at `commit` in a new temporary folder and returns that folder. */
export async function addWorktree(git: GitContext, commit: string, options: AddWorktreeOptions = {}): Promise<string> {
  const parent = await mkdtemp(path.join(tmpdir(), 'taskpod-worktree-'));
  const dir = path.join(parent, 'wt');
  try {
    await runGit(git, ['worktree', 'add', '--quiet', '--detach', ...(options.checkout ? [] : ['--no-checkout']), dir, commit], {
      what: `Could not create a temporary worktree at ${commit.slice(0, 12)}.`,
    });
    // --no-checkout leaves the index empty; fill it from HEAD without writing files.
    if (!options.checkout) await runGit(inDir(git, dir), ['read-tree', 'HEAD']);
    return dir;
  } catch (error) {
    await removeWorktree(git, dir);
    throw error;
  }
}

/** Removes a worktree and its folder; never throws, because it runs in `finally` blocks. */
export async function removeWorktree(git: GitContext, dir: string): Promise<void> {
  const removed = await runGitResult(git, ['worktree', 'remove', '--force', '--force', dir], { okExitCodes: [128, 1] }).catch(
    () => undefined,
  );
  await rm(path.dirname(dir), { recursive: true, force: true }).catch(() => undefined);
  // Only when git could not remove it (half-made worktree): forget the registration of the gone folder.
  if (removed?.exitCode !== 0) await runGitResult(git, ['worktree', 'prune'], { okExitCodes: [128, 1] }).catch(() => undefined);
}

/**
 * Runs `fn` in a temporary worktree at `commit`, handing it the worktree's GitContext (same env);
 * the worktree is removed however `fn` ends.
 */
export async function withTemporaryWorktree<T>(
  git: GitContext,
  commit: string,
  fn: (worktree: GitContext) => Promise<T>,
  options: AddWorktreeOptions = {},
): Promise<T> {
  const dir = await addWorktree(git, commit, options);
  try {
    return await fn(inDir(git, dir));
  } finally {
    await removeWorktree(git, dir);
  }
}

/** A place to build a commit: git runs in `cwd` with `env`, and `worktree` is set when files are on disk. */
export interface Scratch extends GitContext {
  worktree?: string;
}

/**
 * Runs `fn` with a throwaway index holding `commit`'s tree (`GIT_INDEX_FILE` in a temporary folder,
 * git run in `repo.cwd` with `repo.env`): enough to apply a patch and commit it, with two git processes fewer than a
 * temporary worktree (add, remove) and no files written. The folder is removed however `fn` ends.
 */
export async function withScratchIndex<T>(
  repo: GitContext,
  commit: string,
  fn: (scratch: Scratch) => Promise<T>,
  /** An index file already holding `commit`'s tree (indexFileOf): copied instead of a `read-tree`. */
  template?: string,
): Promise<T> {
  const dir = await makeTempIndexDir();
  try {
    const scratch = withEnv(repo, { GIT_INDEX_FILE: path.join(dir, 'index') });
    if (template) await copyFile(template, path.join(dir, 'index'));
    else await runGit(scratch, ['read-tree', commit]);
    return await fn(scratch);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes every index entry out to the worktree (before running verify commands there). */
export async function checkoutIndex(worktree: GitContext): Promise<void> {
  await runGit(worktree, ['checkout-index', '--all', '--force']);
}

/**
 * An index file holding `commit`'s tree, for many scratch indexes of one commit (a batch applying
 * many patches onto one base): each copies the file instead of starting a `git read-tree`.
 * `dispose` removes it.
 */
export async function indexFileOf(repo: GitContext, commit: string): Promise<{ file: string; dispose: () => Promise<void> }> {
  const dir = await makeTempIndexDir();
  const file = path.join(dir, 'index');
  try {
    await runGit(withEnv(repo, { GIT_INDEX_FILE: file }), ['read-tree', commit]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { file, dispose: () => rm(dir, { recursive: true, force: true }) };
}
