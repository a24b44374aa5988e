import { type Dirent, readdirSync } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';

const IGNORE = ['**/node_modules/**', '.git/**', '.patches/**'];

/**
 * Workspace-relative files matching a glob, sorted, and folders whose name matches: a folder named
 * `task.yaml` is a mistake the reader reports, not something to skip without a word. The usual task glob, `<folder>/**\/<name>`,
 * takes a plain directory walk (the same rules: no dot folders, no node_modules, no symlinked
 * folders), which costs a fraction of a general glob on 10,000 files; any other glob goes to tinyglobby.
 */
export function findFiles(root: string, glob: string): string[] {
  const scan = picomatch.scan(glob);
  const rest = scan.glob.startsWith('**/') ? scan.glob.slice(3) : null;
  if (
    !scan.isGlob ||
    rest === null ||
    /[*?[\]{}()!+@\\/]/.test(rest) ||
    scan.base.split('/').some((s) => s.startsWith('.') || s === 'node_modules' || s === '..')
  ) {
    // Loaded only here: the usual task glob never needs it, and every command starts faster without.
    const { globSync } = require('tinyglobby') as typeof import('tinyglobby');
    // Folders come with a trailing `/`, and with onlyFiles off tinyglobby also lists what a matching folder holds.
    const matches = picomatch(glob);
    return globSync(glob, { cwd: root, ignore: IGNORE, followSymbolicLinks: false, onlyFiles: false })
      .map((p) => (p.endsWith('/') ? p.slice(0, -1) : p))
      .filter((p) => matches(p))
      .sort();
  }
  const found: string[] = [];
  const walk = (rel: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name === rest) found.push(child);
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(child);
      } else if (entry.name === rest && (entry.isFile() || entry.isSymbolicLink())) found.push(child);
    }
  };
  walk(scan.base);
  return found.sort();
}
