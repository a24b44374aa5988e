import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import * as lockfile from 'proper-lockfile';
import { TaskpodError, replyLockPath, replyPath } from '@taskpod/core';

export interface ReplyLockOptions {
  /** A claim whose folder has not been touched for this long belongs to a killed process and is taken over. */
  staleMs?: number;
  /** How long to wait for another process's model call before giving up. */
  waitMs?: number;
}

/**
 * Runs `fn` while holding the claim on one reply-store key (`.patches/.locks/<key>.lock`), so two
 * processes asking the same request at once make one model call: the second waits here, then finds
 * the first one's reply in the store. The claim is released when `fn` ends, also when it throws.
 */
export async function withReplyLock<T>(root: string, key: string, fn: () => Promise<T>, options: ReplyLockOptions = {}): Promise<T> {
  const lockRel = replyLockPath(key);
  const lockPath = path.join(root, lockRel);
  mkdirSync(path.dirname(lockPath), { recursive: true });
  const staleMs = Math.max(options.staleMs ?? 10_000, 2_000);
  const waitMs = options.waitMs ?? 60 * 60_000;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(path.join(root, replyPath(key)), {
      lockfilePath: lockPath,
      realpath: false, // the reply file does not exist yet
      stale: staleMs,
      // Poll at most every half second: the holder is waiting for a model, which takes seconds.
      retries: { retries: Math.max(1, Math.ceil(waitMs / 500)), factor: 1.5, minTimeout: 20, maxTimeout: 500, randomize: true },
      // Losing the claim (a blocked event loop) risks at most a second paid call, never a wrong reply;
      // the default would throw from a timer and kill the process.
      onCompromised: () => {},
    });
  } catch (error) {
    throw new TaskpodError(
      `Could not claim ${lockRel} within ${Math.round(waitMs / 1000)}s: ${(error as Error).message}. Another run is asking the model the same request; ` +
        `if none is running, the claim is taken over by itself once it is ${Math.round(staleMs / 1000)}s old.`,
      { cause: error },
    );
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => {});
  }
}
