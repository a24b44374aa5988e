import * as path from 'node:path';
import * as lockfile from 'proper-lockfile';
import { TaskpodError } from '@taskpod/core';
import { type GitContext, runGit } from './run-git';

/** Per checkout folder, its common git dir: an Nx batch applies many tasks into one checkout. */
const gitDirs = new Map<string, Promise<string>>();

/** The repository's common git dir (shared by all its worktrees), asked of git once per checkout folder. */
export function commonGitDir(git: GitContext): Promise<string> {
  let dir = gitDirs.get(git.cwd);
  if (!dir) {
    dir = runGit(git, ['rev-parse', '--git-common-dir']).then((out) => path.resolve(git.cwd, out));
    dir.catch(() => gitDirs.delete(git.cwd));
    gitDirs.set(git.cwd, dir);
  }
  return dir;
}

/** The lock's name in the repository's common git dir (shared by all its worktrees). */
export const CHECKOUT_LOCK = 'taskpod-into-current.lock';

export interface CheckoutLockOptions {
  /** A lock not refreshed for this long is a killed holder's and is taken over (min 5000). */
  staleMs?: number;
  /** How long to wait for another holder, in milliseconds (verify commands may run under it). */
  waitMs?: number;
}

/**
 * Runs `fn` holding `<git-common-dir>/taskpod-into-current.lock` (a proper-lockfile mkdir lock), so
 * changes of the user's HEAD, index and working tree by `apply --into current` never interleave
 * across processes, and each one reads HEAD after the previous one moved it.
 */
export async function withCheckoutLock<T>(git: GitContext, fn: () => Promise<T>, options: CheckoutLockOptions = {}): Promise<T> {
  const gitDir = await commonGitDir(git);
  const lockPath = path.join(gitDir, CHECKOUT_LOCK);
  const staleMs = Math.max(options.staleMs ?? 10_000, 5_000);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(gitDir, {
      lockfilePath: lockPath,
      stale: staleMs,
      retries: {
        retries: Math.max(1, Math.ceil((options.waitMs ?? 600_000) / 100)),
        factor: 1.3,
        minTimeout: 5,
        maxTimeout: 100,
        randomize: true,
      },
      // The default throws from a timer and kills the process. A lost lock costs only the
      // serialisation: the move itself is a compare-and-swap and the checkout update refuses to lose changes.
      onCompromised: () => {},
    });
  } catch (error) {
    throw new TaskpodError(
      `Could not lock ${lockPath}: ${(error as Error).message}. Another \`taskpod apply --into current\` is changing this checkout; ` +
        `if none is running, the lock is released by itself once it is older than ${Math.round(staleMs / 1000)}s.`,
      { cause: error },
    );
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => {});
  }
}
