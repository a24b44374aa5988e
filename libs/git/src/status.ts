import { type GitContext, runGit } from './run-git';

/**
 * Which of `paths` have uncommitted changes (staged, unstaged, untracked, or ignored files a checkout
 * would silently overwrite) in the checkout at `git.cwd`.
 * Read-only: `--no-optional-locks` keeps `status` from refreshing and rewriting the index.
 */
export async function uncommittedPaths(git: GitContext, paths: string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const out = await runGit(git, [
    '--no-optional-locks',
    '--literal-pathspecs',
    'status',
    '--porcelain=v1',
    '-z',
    '--untracked-files=all',
    '--ignored=matching',
    '--',
    ...paths,
  ]);
  const tokens = out.split('\0');
  const dirty: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const record = tokens[i]!;
    if (record.length < 4) continue;
    dirty.push(record.slice(3));
    // Renames and copies carry their source path as the next record.
    if (/[RC]/.test(record.slice(0, 2))) dirty.push(tokens[++i]!);
  }
  return [...new Set(dirty)].sort();
}
