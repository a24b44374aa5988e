import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '@taskpod/core';

/**
 * Creates `file` with `text`, whole or not at all, and never over an existing file: the text goes
 * to a temp file beside it, is synced, then hard-linked into place (which fails if the name is
 * taken, even by a writer racing this one). A folder created for it is removed again on failure.
 */
export async function writeNewFile(file: string, text: string, shownAs: string): Promise<void> {
  const dir = path.dirname(file);
  const created = await fs.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.taskpod-tmp`);
  try {
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.link(temp, file);
  } catch (error) {
    if (created) await fs.rm(created, { recursive: true, force: true });
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new UserError(`Refusing to overwrite ${shownAs}: it exists; nothing was written.`, {}, { cause: error });
    throw new UserError(`Could not write ${shownAs}; nothing was written: ${(error as Error).message}`, {}, { cause: error });
  } finally {
    await fs.rm(temp, { force: true });
  }
}
