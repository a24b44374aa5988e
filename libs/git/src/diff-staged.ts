import { diffIndexAgainst, type DiffResult } from './diff-in-isolated-index';
import { revParse } from './refs';

/**
 * The repository's real staged changes against HEAD (`git diff --cached --binary`), read-only:
 * plumbing `diff-index --cached` neither refreshes nor rewrites the index.
 */
export async function diffStaged(cwd: string): Promise<DiffResult & { base: string }> {
  const base = await revParse(cwd, 'HEAD');
  return { base, ...(await diffIndexAgainst(cwd, base)) };
}
