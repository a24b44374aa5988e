import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { UserError } from './errors';

/**
 * The absolute path a write to workspace path `rel` must replace: its real path, so that a symlinked
 * task.yaml (or log file) is written through and stays a symlink instead of the atomic rename
 * putting a regular file in its place. A real path outside the workspace or inside `.git/` is
 * refused (SPEC "What taskpod reads, and what it writes"), so a symlinked folder cannot carry a
 * write elsewhere either. A missing file resolves through its deepest existing folder, so a first
 * write is checked the same way.
 */
export function resolveWriteTarget(root: string, rel: string): string {
  const realRoot = realpathSync(root);
  const real = realPathOfMaybeMissing(path.join(root, rel));
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

function realPathOfMaybeMissing(file: string): string {
  const missing: string[] = [];
  for (let at = file; ; ) {
    try {
      return path.join(realpathSync(at), ...missing.reverse());
    } catch (error) {
      const parent = path.dirname(at);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === at) throw error;
      missing.push(path.basename(at));
      at = parent;
    }
  }
}
