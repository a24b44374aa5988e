import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const PREFIX = 'taskpod-index-';
const OWNED = /^taskpod-index-(\d+)-/;
/**
 * A dead process's folder is removed only once it is this old: a pid seen as dead here may belong to
 * another PID namespace sharing the temporary folder (containers), whose index is still in use.
 */
const STALE_MS = 10 * 60_000;
/** One sweep a minute per temporary folder is enough: a batch makes thousands of indexes. */
const SWEEP_EVERY_MS = 60_000;
const lastSweep = new Map<string, number>();

/**
 * A new temporary folder for a throwaway index, named with this process's pid so that a later
 * process can tell the leftovers of one killed with -9 (`finally` never ran) and remove them first.
 */
export async function makeTempIndexDir(): Promise<string> {
  const parent = tmpdir();
  await sweepStaleIndexDirs(parent);
  return mkdtemp(path.join(parent, `${PREFIX}${process.pid}-`));
}

/** Removes `taskpod-index-<pid>-*` folders under `parent` whose process is gone and that are old. */
export async function sweepStaleIndexDirs(parent: string, now = Date.now()): Promise<void> {
  const last = lastSweep.get(parent);
  if (last !== undefined && now - last < SWEEP_EVERY_MS) return;
  lastSweep.set(parent, now);
  const names = await readdir(parent).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const pid = Number(OWNED.exec(name)?.[1] ?? NaN);
      if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) return;
      const dir = path.join(parent, name);
      const info = await stat(dir).catch(() => null);
      if (!info?.isDirectory() || now - info.mtimeMs < STALE_MS) return;
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }),
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
