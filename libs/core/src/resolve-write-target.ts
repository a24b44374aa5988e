import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { UserError } from './errors';
import { workspaceConfinementProblem } from './resolve-inside-workspace';
import { resolveRealPath } from './resolve-real-path';

/**
 * The absolute path a write to workspace path `rel` must replace: its real path, so that a symlinked
 * task.yaml (or log file) is written through and stays a symlink instead of the atomic rename
 * putting a regular file in its place. A real path outside the workspace or inside `.git/` is
 * refused (docs/promises.md "What a reply may write"), so a symlinked folder cannot carry a
 * write elsewhere either. A missing file resolves as creating it would, so a first write is
 * checked the same way.
 */
export function resolveWriteTarget(root: string, rel: string): string {
  const realRoot = realpathSync.native(root);
  const { real } = resolveRealPath(path.resolve(realRoot, rel));
  const problem = workspaceConfinementProblem(realRoot, real);
  if (problem) {
    throw new UserError(`Refusing to write ${rel}: it resolves to ${real}, which ${problem}.`, {
      hint: 'Replace the symlink with the file itself, or point it at a file inside the workspace and outside `.git/`.',
    });
  }
  return real;
}
