import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { UserError } from './errors';
import { resolveRealPath } from './resolve-real-path';

/** What named a path: the field and the file (with its line when known) it was written in. */
export interface PathSource {
  field: string;
  file: string;
  line?: number;
}

/**
 * Why a real (symlink-free) absolute path is out of bounds, or null: it must lie inside the real
 * workspace root and outside every `.git/` (any case: case-insensitive file systems open `.GIT`).
 */
export function workspaceConfinementProblem(realRoot: string, real: string): string | null {
  const rel = path.relative(realRoot, real);
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return 'leaves the workspace';
  if (rel.split(path.sep).some((segment) => segment.toLowerCase() === '.git')) return 'enters `.git/`';
  return null;
}

/**
 * The real path of a workspace-relative path taskpod is about to read, symlinks followed at every
 * level; throws a UserError naming the field and the file when it leaves the workspace or enters
 * `.git/`. Callers read the returned path, so what was checked is what is read.
 */
export function resolveInsideWorkspace(root: string, relPath: string, source: PathSource): string {
  const where = `${source.file}${source.line === undefined ? '' : `:${source.line}`}: ${source.field}: ${relPath}`;
  const expected = 'a path inside the workspace, outside `.git/`, through no symlink that leads elsewhere';
  if (relPath.includes('\0')) throw new UserError(`${where} contains a NUL character.`, { expected, received: JSON.stringify(relPath) });
  const realRoot = realpathSync.native(root);
  let real: string;
  try {
    real = resolveRealPath(path.resolve(realRoot, relPath)).real;
  } catch (error) {
    throw new UserError(
      `${where} cannot be resolved (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      { expected, received: relPath },
      { cause: error },
    );
  }
  const problem = workspaceConfinementProblem(realRoot, real);
  if (problem) throw new UserError(`${where} ${problem} (it resolves to ${real}).`, { expected, received: relPath });
  return real;
}
