import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import { InternalError, UserError, type PatchFileStat } from '@taskpod/core';
import { addFilesToIndex } from './apply-patch';
import { countPatchLines, parseRawChanges, parseRawRecords } from './parse-diff-summary';
import type { TreeChange } from './tree-with-changes';
import { revParse } from './refs';
import { type GitContext, runGit, runGitBuffer, withEnv } from './run-git';
import { makeTempIndexDir } from './temp-index-dir';

export interface IsolatedDiffInput {
  /** Top folder of the repository (or of a worktree), and the environment git runs with. */
  git: GitContext;
  /** Revision the new files are compared with (resolved to a commit id in the result). */
  base: string;
  /** Folder holding the new versions, mirrored at their repository paths. */
  filesDir: string;
  /** Repository paths (forward slashes) to take from `filesDir`. */
  paths: string[];
  /** Repository paths to delete. */
  deletions?: string[];
  /** `base` resolved already (a batch resolves it once for all its tasks): one git process fewer. */
  resolveBase?: () => Promise<string>;
  /** Above this many paths the full-index way is taken (default MAX_PATHSPEC; tests take it with a few files). */
  maxPathspec?: number;
}

export interface DiffResult {
  /** `git diff --binary --full-index` text as bytes, so binary files survive. */
  patch: Buffer;
  files: PatchFileStat[];
  /** What the diff leaves at each path (treeWithChanges builds its tree); null when unreadable. */
  changes: TreeChange[] | null;
}

/**
 * One diff-index call gives the per-file records (`-z --raw`) and the patch (binary-safe, full blob
 * ids for `apply --3way`, renames); git ends the records with an empty one, so the first `\0\0`
 * splits the two (paths are never empty). Counts come from the patch, so git diffs each file once.
 */
export const DIFF_ARGS = ['-r', '-z', '--raw', '-p', '--binary', '--full-index', '-M'];

/** Above this many paths the pathspec would strain the command line; the full index is built instead. */
const MAX_PATHSPEC = 4000;

/**
 * Diffs `base` against base + the given files, built in a throwaway index (`GIT_INDEX_FILE`), so the
 * user's index and working tree are never read or written. Blobs go into the object database, so the
 * patch's `index` lines resolve for a later `git apply --3way`.
 *
 * The throwaway index holds only the given files, and the diff is limited to them by a literal
 * pathspec (a path absent from the index reads as deleted), so no `read-tree` of the whole base is
 * needed and resolving the base runs beside the hashing. Very long path lists take the full-index way.
 */
export async function diffInIsolatedIndex(input: IsolatedDiffInput): Promise<DiffResult & { base: string }> {
  const deletions = input.deletions ?? [];
  const wanted = [...input.paths, ...deletions];
  // No paths means no change; an empty pathspec would instead compare every file with an empty index.
  if (wanted.length === 0)
    return {
      base: await (input.resolveBase ? input.resolveBase() : revParse(input.git, input.base)),
      patch: Buffer.alloc(0),
      files: [],
      changes: [],
    };
  const tempDir = await makeTempIndexDir();
  const scratch = withEnv(input.git, { GIT_INDEX_FILE: path.join(tempDir, 'index') });
  try {
    if (wanted.length > (input.maxPathspec ?? MAX_PATHSPEC)) {
      const base = await (input.resolveBase ? input.resolveBase() : revParse(input.git, input.base));
      await runGit(scratch, ['read-tree', base]);
      await addFilesToIndex(scratch, input.filesDir, input.paths);
      if (deletions.length) await runGit(scratch, ['update-index', '--force-remove', '-z', '--stdin'], { input: nulJoin(deletions) });
      return { base, ...(await diffIndexAgainst(scratch, base)) };
    }
    // Both settle before either error is thrown: `finally` removes the index folder a running git writes to.
    const [resolved, added] = await Promise.allSettled([
      input.resolveBase ? input.resolveBase() : revParse(input.git, input.base),
      addFilesToIndex(scratch, input.filesDir, input.paths),
    ]);
    if (resolved.status === 'rejected') throw resolved.reason;
    if (added.status === 'rejected') throw added.reason;
    const base = resolved.value;
    const output = await runGitBuffer(scratch, ['--literal-pathspecs', 'diff-index', '--cached', ...DIFF_ARGS, base, '--', ...wanted]);
    const result = splitDiffOutput(output);
    refuseFolderReplacements(result.files, wanted);
    return { base, ...result };
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

/**
 * A pathspec also matches everything under a folder of that name: a file written where the base has
 * a folder would show the folder's files as deleted. That is never what a task meant; say so.
 */
function refuseFolderReplacements(files: PatchFileStat[], wanted: string[]): void {
  const asked = new Set(wanted);
  const stray = files.filter((f) => !asked.has(f.path) || (f.from !== undefined && !asked.has(f.from)));
  if (stray.length === 0) return;
  const folders = [...new Set(wanted.filter((w) => stray.some((f) => f.path.startsWith(`${w}/`) || f.from?.startsWith(`${w}/`))))];
  throw new UserError(
    `Cannot write ${folders.map((f) => `\`${f}\``).join(', ') || 'these paths'} as a file: the base commit has a folder there.`,
    {
      hint: 'Write files inside the folder instead, or remove the folder by hand and use `taskpod patch --staged`.',
    },
  );
}

/** The patch and per-file summary of an index (the one `GIT_INDEX_FILE` in `git.env` names, else the repository's) against a commit. */
export async function diffIndexAgainst(git: GitContext, base: string): Promise<DiffResult> {
  const output = await runGitBuffer(git, ['diff-index', '--cached', ...DIFF_ARGS, base, '--']);
  return splitDiffOutput(output);
}

/** Splits the combined output into summary and patch (exported for tests). */
export function splitDiffOutput(output: Buffer): DiffResult {
  if (output.length === 0) return { patch: Buffer.alloc(0), files: [], changes: [] };
  const end = output.indexOf('\0\0');
  if (end < 0) throw new InternalError('git diff-index printed a summary without its terminating empty record.');
  const patch = output.subarray(end + 2);
  const raw = output.subarray(0, end + 1).toString('utf8');
  const files = parseRawRecords(raw);
  const counts = countPatchLines(patch);
  if (counts.length !== files.length)
    throw new InternalError(`git diff-index listed ${files.length} files but its patch has ${counts.length} sections.`);
  return { patch, files: files.map((file, i) => ({ ...file, ...counts[i]! })), changes: parseRawChanges(raw) };
}

function nulJoin(paths: string[]): string {
  return paths.map((p) => `${p}\0`).join('');
}
