import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import * as lockfile from 'proper-lockfile';
import { LEDGER_LOCK, LOGS_DIR, TaskpodError } from '@taskpod/core';

export interface LedgerLockOptions {
  /** A lock whose mtime is older than this is a crashed holder's and is taken over (min 5000). */
  staleMs?: number;
  /** How long to keep retrying before giving up, in milliseconds. */
  waitMs?: number;
}

/** Per lock, the turn of the last caller in this process (see withLedgerLock). */
const turns = new Map<string, Promise<void>>();

/**
 * Runs `fn` while holding the workspace's ledger lock (`.logs/.ledger.lock`, a proper-lockfile
 * mkdir lock), so read-modify-writes of the trace log, ledger and metrics never interleave across
 * processes. A holder killed with -9 leaves the folder behind; it is taken over once stale.
 * Callers in one process (the log steps of an Nx batch) take turns in order before the folder lock,
 * instead of each polling it with backoff while another holds it.
 */
export async function withLedgerLock<T>(root: string, fn: () => Promise<T>, options: LedgerLockOptions = {}): Promise<T> {
  const lockPath = path.join(root, LEDGER_LOCK);
  const previous = turns.get(lockPath) ?? Promise.resolve();
  let endTurn!: () => void;
  const turn = previous.then(() => new Promise<void>((resolve) => (endTurn = resolve)));
  turns.set(lockPath, turn);
  await previous;
  try {
    return await withFolderLock(root, lockPath, fn, options);
  } finally {
    endTurn();
    if (turns.get(lockPath) === turn) turns.delete(lockPath);
  }
}

async function withFolderLock<T>(root: string, lockPath: string, fn: () => Promise<T>, options: LedgerLockOptions): Promise<T> {
  const logsDir = path.join(root, LOGS_DIR);
  await mkdir(logsDir, { recursive: true });
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(logsDir, {
      lockfilePath: lockPath,
      stale: Math.max(options.staleMs ?? 10_000, 5_000),
      retries: retryBudget(options.waitMs ?? 60_000),
      // The default throws from a timer and kills the process; fail the write instead.
      onCompromised: (error) => {
        compromised = error;
      },
    });
  } catch (error) {
    throw new TaskpodError(
      `Could not lock ${LEDGER_LOCK}: ${(error as Error).message}. Another \`taskpod log\` is writing the logs; ` +
        `if none is running, the lock is released by itself once it is older than ${Math.round((options.staleMs ?? 10_000) / 1000)}s.`,
      { cause: error },
    );
  }
  try {
    const result = await fn();
    if (compromised) throw compromisedError(compromised);
    return result;
  } finally {
    await release().catch(() => {});
  }
}

/**
 * Backoff from 5ms capped at 50ms with jitter, adding up to about `waitMs`: a log holds the lock
 * for tens of milliseconds, so a short cap hands it over quickly; a mkdir attempt costs little.
 */
function retryBudget(waitMs: number) {
  return { retries: Math.max(1, Math.ceil(waitMs / 50)), factor: 1.5, minTimeout: 5, maxTimeout: 50, randomize: true };
}

function compromisedError(cause: Error): TaskpodError {
  return new TaskpodError(
    `The lock ${LEDGER_LOCK} was lost while writing (${cause.message}); another process may have written the logs at the same time. Re-run \`taskpod log\`: it adds only what is missing.`,
    { cause },
  );
}
