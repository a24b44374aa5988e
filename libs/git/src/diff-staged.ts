import { diffIndexAgainst, type DiffResult } from './diff-in-isolated-index';
import { revParse } from './refs';
import type { GitContext } from './run-git';

/**
 * The repository's real staged changes against HEAD (`git diff --cached --binary`), read-only:
 * plumbing `diff-index --cached` neither refreshes nor rewrites the index.
 */
export async function diffStaged(git: GitContext): Promise<DiffResult & { base: string }> {
  const base = await revParse(git, 'HEAD');
  return { base, ...(await diffIndexAgainst(git, base)) };
}
