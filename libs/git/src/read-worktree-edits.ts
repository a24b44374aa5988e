import { lstatSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type GitContext, runGit } from './run-git';

/**
 * Files added or modified under `dir.cwd` relative to HEAD, untracked ones included, with their
 * contents, as paths relative to it (git prints them relative to the repository, so `prefix`, the
 * folder's place in it, is stripped). Deletions are left out: the reply contract only writes files.
 */
export async function readWorktreeEdits(dir: GitContext, prefix = ''): Promise<{ path: string; content: string }[]> {
  const out = await runGit(dir, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--', '.']);
  const files: { path: string; content: string }[] = [];
  for (const entry of out.split('\0')) {
    if (entry.length < 4) continue;
    const code = entry.slice(0, 2);
    const rel = entry.slice(3).slice(prefix.length);
    if (code.includes('D')) continue;
    const full = path.join(dir.cwd, rel);
    // lstat: a symlink the tool made is not an edit, and following it could read any file on the machine.
    if (!lstatSync(full, { throwIfNoEntry: false })?.isFile()) continue;
    files.push({ path: rel, content: readFileSync(full, 'utf8') });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
