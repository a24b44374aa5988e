/**
 * "Did you mean" for ids, statuses, pods and commands: the known words closest to what was typed.
 * Case is ignored; a word counts as close when its edit distance (adjacent swaps count once) is at
 * most a third of its length, or when one starts with the other.
 */
export function closestMatches(typed: string, known: Iterable<string>, max = 3): string[] {
  const needle = typed.toLowerCase();
  const scored: { word: string; distance: number }[] = [];
  for (const word of new Set(known)) {
    const hay = word.toLowerCase();
    const distance = editDistance(needle, hay);
    const limit = Math.max(1, Math.floor(Math.max(needle.length, hay.length) / 3));
    if (distance <= limit || (needle.length >= 2 && hay.startsWith(needle))) scored.push({ word, distance });
  }
  return scored
    .sort((a, b) => a.distance - b.distance || a.word.localeCompare(b.word))
    .slice(0, max)
    .map((s) => s.word);
}

/** ` Did you mean \`a\` or \`b\`?`, or '' when nothing is close: ready to append to a message. */
export function didYouMean(typed: string, known: Iterable<string>): string {
  const matches = closestMatches(typed, known);
  if (matches.length === 0) return '';
  const quoted = matches.map((m) => `\`${m}\``);
  return ` Did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`}?`;
}

/** The word from `known` equal to `typed` ignoring case, when exactly one is. */
export function matchIgnoringCase(typed: string, known: Iterable<string>): string | undefined {
  const lower = typed.toLowerCase();
  const found = [...new Set(known)].filter((k) => k.toLowerCase() === lower);
  return found.length === 1 ? found[0] : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
