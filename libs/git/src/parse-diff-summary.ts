import type { PatchFileStat } from '@taskpod/core';
import type { TreeChange } from './tree-with-changes';

const STATUS: Record<string, PatchFileStat['status']> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  R: 'renamed',
  C: 'copied',
  T: 'type-changed',
};

/**
 * Parses `git diff-* -z --raw --numstat -M` output into one entry per file, in git's order.
 * Raw records carry the status, numstat records the counts (`-` for binary files counts as 0).
 */
export function parseDiffSummary(output: string): PatchFileStat[] {
  const tokens = output.split('\0');
  const files: PatchFileStat[] = [];
  const counts = new Map<string, { insertions: number; deletions: number }>();
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i++]!;
    if (token === '' || token === '\n') continue;
    if (token.startsWith(':')) {
      const letter = token.split(' ')[4]?.[0] ?? '';
      const status = STATUS[letter];
      if (!status) throw new Error(`Unexpected git diff status \`${letter}\` in \`${token}\`.`);
      if (status === 'renamed' || status === 'copied') {
        const from = tokens[i++]!;
        files.push({ path: tokens[i++]!, status, insertions: 0, deletions: 0, from });
      } else {
        files.push({ path: tokens[i++]!, status, insertions: 0, deletions: 0 });
      }
      continue;
    }
    const match = /^\n?(\d+|-)\t(\d+|-)\t(.*)$/s.exec(token);
    if (!match) throw new Error(`Unexpected git numstat record \`${token}\`.`);
    // A rename's numstat has an empty path followed by the old and new paths; the new one counts.
    if (match[3] === '') i++;
    const path = match[3] !== '' ? match[3]! : tokens[i++]!;
    counts.set(path, { insertions: toCount(match[1]!), deletions: toCount(match[2]!) });
  }
  return files.map((file) => ({ ...file, ...counts.get(file.path) }));
}

/**
 * What `git diff-* -z --raw` records leave at each path: the new mode and blob, or a deletion (a
 * rename is both). Null when a record is not one git writes, so nobody builds a tree from it.
 */
export function parseRawChanges(output: string): TreeChange[] | null {
  const tokens = output.split('\0');
  const changes: TreeChange[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i++]!;
    if (token === '' || token === '\n') continue;
    const fields = /^:(\d{6}) (\d{6}) ([0-9a-f]{40,64}) ([0-9a-f]{40,64}) ([AMDRCT])\d*$/.exec(token);
    if (!fields) return null;
    const [, , mode, , oid, letter] = fields;
    const first = tokens[i++];
    const second = letter === 'R' || letter === 'C' ? tokens[i++] : undefined;
    if (first === undefined || first === '' || second === '') return null;
    if (letter === 'D') changes.push({ path: first, mode: null });
    else if (letter === 'R') changes.push({ path: first, mode: null }, { path: second!, mode: mode!, oid: oid! });
    else changes.push({ path: second ?? first, mode: mode!, oid: oid! });
  }
  return changes;
}

/** The file records of `git diff-* -z --raw` (no counts yet). */
export function parseRawRecords(output: string): PatchFileStat[] {
  return parseDiffSummary(output);
}

const DIFF_HEADER = Buffer.from('diff --git ');

/**
 * Insertions and deletions per file section of a patch, in order, counted as `--numstat` does:
 * `+`/`-` lines after a section's first hunk header; binary sections count 0 (numstat's `-`).
 */
export function countPatchLines(patch: Buffer): { insertions: number; deletions: number }[] {
  const counts: { insertions: number; deletions: number }[] = [];
  let current: { insertions: number; deletions: number } | null = null;
  let inHunks = false;
  let start = 0;
  while (start < patch.length) {
    let end = patch.indexOf(10, start);
    if (end < 0) end = patch.length;
    const first = patch[start];
    if (first === 0x64 /* d */ && patch.subarray(start, start + DIFF_HEADER.length).equals(DIFF_HEADER)) {
      current = { insertions: 0, deletions: 0 };
      counts.push(current);
      inHunks = false;
    } else if (current && first === 0x40 /* @ */ && patch[start + 1] === 0x40) {
      inHunks = true;
    } else if (current && inHunks && first === 0x2b /* + */) {
      current.insertions++;
    } else if (current && inHunks && first === 0x2d /* - */) {
      current.deletions++;
    }
    start = end + 1;
  }
  return counts;
}

function toCount(text: string): number {
  return text === '-' ? 0 : Number(text);
}

/** Sums a file list into the sidecar's `totals`. */
export function totalsOf(files: PatchFileStat[]): { files: number; insertions: number; deletions: number } {
  return files.reduce(
    (sum, file) => ({ files: sum.files + 1, insertions: sum.insertions + file.insertions, deletions: sum.deletions + file.deletions }),
    { files: 0, insertions: 0, deletions: 0 },
  );
}
