import { type Stats, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import * as path from 'node:path';

/** Symlinks followed before giving up, as the kernel does (Linux: 40). */
const MAX_LINKS = 40;

/** Where an absolute path really leads: `real`, and the real path of its longest existing prefix. */
export interface RealPath {
  /** Symlinks followed at every level as far as the path exists; the missing rest appended as written. */
  real: string;
  /** The longest existing prefix of `real` (itself when the whole path exists). */
  existing: string;
}

/**
 * Resolves an absolute path the way opening or creating it would: every symlink on the way is
 * followed, dangling ones too (creating a file through a dangling link creates its target), so a
 * path that does not exist yet still says where it would land. A link loop is an ELOOP error.
 */
export function resolveRealPath(abs: string): RealPath {
  return resolveFrom(path.resolve(abs), 0);
}

function resolveFrom(abs: string, links: number): RealPath {
  try {
    const real = realpathSync.native(abs);
    return { real, existing: real };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
  }
  const parent = path.dirname(abs);
  if (parent === abs) return { real: abs, existing: abs };
  const above = resolveFrom(parent, links);
  const candidate = path.join(above.real, path.basename(abs));
  // Only a parent that exists can hold the name; below a missing one nothing exists.
  if (above.existing !== above.real) return { real: candidate, existing: above.existing };
  let stat: Stats | undefined;
  try {
    stat = lstatSync(candidate, { throwIfNoEntry: false });
  } catch {
    stat = undefined; // ENOTDIR: the parent is a file
  }
  if (!stat?.isSymbolicLink()) return { real: candidate, existing: stat ? candidate : above.real };
  // A dangling link (realpath failed on it): follow its target by hand.
  if (links >= MAX_LINKS) throw Object.assign(new Error(`ELOOP: too many symbolic links, ${abs}`), { code: 'ELOOP', path: abs });
  return resolveFrom(path.resolve(above.real, readlinkSync(candidate)), links + 1);
}
