import picomatch from 'picomatch';

/** `<feature_id>`-style placeholders in output globs (docs/file-formats.md: each matches one path segment). */
const PLACEHOLDER = /<[A-Za-z0-9_.-]+>/g;

/** picomatch options shared by every output glob: dotfiles are ordinary files under a task's outputs. */
export const OUTPUT_GLOB_OPTIONS = { dot: true } as const;

/**
 * The picomatch form of an output glob: placeholders become `?*` (one or more characters inside a
 * single segment) and a leading `./` is dropped, so `docs/<feature_id>/spec.md` reads `docs/?*\/spec.md`.
 */
export function toPicomatchGlob(glob: string): string {
  return glob
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(PLACEHOLDER, '?*');
}

const compiled = new Map<string, RegExp>();

/** Compiles one output glob to a RegExp over workspace-relative, forward-slash paths (memoised). */
export function compileOutputGlob(glob: string): RegExp {
  let re = compiled.get(glob);
  if (!re) {
    re = picomatch.makeRe(toPicomatchGlob(glob), OUTPUT_GLOB_OPTIONS);
    compiled.set(glob, re);
  }
  return re;
}

/** True when `relPath` (workspace-relative) matches one of the task's output globs. */
export function matchesOutputs(globs: readonly string[], relPath: string): boolean {
  const p = relPath.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  return globs.some((glob) => compileOutputGlob(glob).test(p));
}

/** Why an output glob cannot be used, or null: it must stay inside the workspace. */
export function outputGlobProblem(glob: string): string | null {
  if (/^[^/!\\\s][^:\\]*$/.test(glob) && !glob.includes('..') && !/\s$/.test(glob)) return null; // the common case, cheaply
  const p = glob.replace(/\\/g, '/');
  if (p.trim() === '') return 'is empty';
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return 'is absolute; outputs are workspace-relative paths';
  if (p.split('/').includes('..')) return 'leaves the workspace (`..`)';
  if (p.startsWith('!')) return 'is a negation; list only the paths the task may write';
  return null;
}
