import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '@taskpod/core';

/**
 * The absolute path a write to workspace path `rel` must replace: its real path, so that a symlinked
 * task.yaml (or log file) is written through and stays a symlink, instead of the atomic rename
 * putting a regular file in its place. A real path outside the workspace, or inside `.git/`, is
 * refused (SPEC "What taskpod reads, and what it writes"). A missing file resolves through its
 * deepest existing folder, so a first write is checked the same way.
 */
export async function resolveWriteTarget(root: string, rel: string): Promise<string> {
  const realRoot = await fs.realpath(root);
  const real = await realPathOfMaybeMissing(path.join(root, rel));
  const inside = path.relative(realRoot, real);
  const first = inside.split(path.sep)[0];
  if (inside === '' || first === '..' || path.isAbsolute(inside)) {
    throw new UserError(`Refusing to write ${rel}: it resolves to ${real}, outside the workspace.`, {
      hint: `Replace the symlink with the file itself, or point it at a file inside ${realRoot}.`,
    });
  }
  if (first === '.git') {
    throw new UserError(`Refusing to write ${rel}: it resolves into .git/ (${inside.split(path.sep).join('/')}).`, {
      hint: 'Replace the symlink with the file itself.',
    });
  }
  return real;
}

async function realPathOfMaybeMissing(file: string): Promise<string> {
  const missing: string[] = [];
  for (let at = file; ; ) {
    try {
      return path.join(await fs.realpath(at), ...missing.reverse());
    } catch (error) {
      const parent = path.dirname(at);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === at) throw error;
      missing.push(path.basename(at));
      at = parent;
    }
  }
}
