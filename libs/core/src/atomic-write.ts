import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  promises as fs,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { decodeUtf8 } from './decode-utf8';
import { UserError, formatIssue } from './errors';

/**
 * Temp files end with this, so a sweep can tell them from data and readers never open them; it ends
 * in `.tmp` so the .gitignore `taskpod init` writes (which ignores `*.tmp` under `.patches/`) covers a stray one.
 */
export const TEMP_SUFFIX = '.taskpod.tmp';

/** `.<name>.<pid>.<random>.taskpod.tmp`, beside the target so the rename never crosses a file system. */
function tempPathFor(file: string): string {
  const name = `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  return path.join(path.dirname(file), name);
}

/**
 * Writes `content` to `file` so that readers (and a crash at any moment) see either the old or the
 * new content: temp file in the same folder, fsync, rename over the target, fsync the folder.
 * Keeps the mode of an existing file (a task.yaml may be group-writable on purpose).
 * Every file taskpod writes whole goes through here or through writeFileAtomicSync.
 */
export async function writeFileAtomic(file: string, content: string | Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const mode = await fs.stat(file).then(
    (s) => s.mode & 0o7777,
    () => undefined,
  );
  const temp = tempPathFor(file);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', mode ?? 0o666);
    await handle.writeFile(content);
    if (mode !== undefined) await handle.chmod(mode);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, file);
  } catch (error) {
    await handle?.close().catch(() => {});
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncDir(path.dirname(file));
}

/** writeFileAtomic for the few writers that cannot wait (Nx's createNodes cache, the reply store's callers). */
export function writeFileAtomicSync(file: string, content: string | Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const mode = statSync(file, { throwIfNoEntry: false })?.mode;
  const temp = tempPathFor(file);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', mode === undefined ? 0o666 : mode & 0o7777);
    writeFileSync(fd, content);
    if (mode !== undefined) fchmodSync(fd, mode & 0o7777);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, file);
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  syncDirSync(path.dirname(file));
}

/** Makes the rename itself durable; some platforms cannot open a folder, which is fine to skip. */
async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows and some file systems refuse fsync on a directory; the rename is still atomic.
  } finally {
    await handle?.close().catch(() => {});
  }
}

function syncDirSync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // As in syncDir: the rename is atomic without it.
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already failing; the first error is the one to report.
  }
}

/**
 * Removes temp files a killed writer left beside `file`. Only safe while holding the lock that
 * guards `file`: then no live writer can own one of them.
 */
export async function removeStrayTempFiles(file: string): Promise<string[]> {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.`;
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const strays = names.filter((n) => n.startsWith(prefix) && n.endsWith(TEMP_SUFFIX));
  await Promise.all(strays.map((n) => fs.rm(path.join(dir, n), { force: true })));
  return strays.map((n) => path.join(dir, n));
}

/**
 * Reads a UTF-8 text file, or null when it does not exist (any other error is real and is thrown).
 * Bytes that are not UTF-8 are an error naming `shownAs` and the byte offset: decoding them as U+FFFD
 * and writing the text back would destroy them without a word.
 */
export async function readTextIfExists(file: string, shownAs: string = file): Promise<string | null> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const { text, issue } = decodeUtf8(bytes, shownAs);
  if (issue) throw new UserError(`${formatIssue(issue)}. taskpod would lose those bytes by rewriting it, so the file was left unchanged.`);
  return text;
}
