import picomatch from 'picomatch';
import { OUTPUT_GLOB_OPTIONS, compileOutputGlob, toPicomatchGlob } from './output-globs';

const SPECIAL = /[*?[\]{}()!+@]/;

/**
 * Whether some path could match both output globs; conservative (it may say yes when the answer is
 * no, never the reverse), because a wrong "no" would let two tasks write the same file at once.
 * `example` is a path matching both when one can be built, else glob `a` itself.
 */
export function outputsMayOverlap(a: string, b: string): { overlap: boolean; example?: string } {
  const segsA = toPicomatchGlob(a).split('/').filter(Boolean);
  const segsB = toPicomatchGlob(b).split('/').filter(Boolean);
  const memo = new Map<string, string[] | null>();
  const walk = (i: number, j: number): string[] | null => {
    const key = `${i},${j}`;
    if (memo.has(key)) return memo.get(key)!;
    memo.set(key, null); // guards the `**` vs `**` recursion
    const result = step(i, j);
    memo.set(key, result);
    return result;
  };
  const step = (i: number, j: number): string[] | null => {
    const x = segsA[i];
    const y = segsB[j];
    if (x === undefined && y === undefined) return [];
    if (x === '**') {
      const skip = walk(i + 1, j);
      if (skip) return skip;
      if (y === undefined) return null;
      const rest = walk(i, j + 1);
      return rest && (y === '**' ? rest : [concreteSegment(y), ...rest]);
    }
    if (y === '**') {
      const skip = walk(i, j + 1);
      if (skip) return skip;
      if (x === undefined) return null;
      const rest = walk(i + 1, j);
      return rest && [concreteSegment(x), ...rest];
    }
    if (x === undefined || y === undefined) return null;
    const shared = segmentsMeet(x, y);
    if (shared === null) return null;
    const rest = walk(i + 1, j + 1);
    return rest && [shared, ...rest];
  };
  const segments = walk(0, 0);
  if (!segments) return { overlap: false };
  return { overlap: true, example: verifiedExample(a, b, segments) };
}

/** A segment both patterns accept, or null when none can exist. */
function segmentsMeet(x: string, y: string): string | null {
  const litX = !SPECIAL.test(x);
  const litY = !SPECIAL.test(y);
  if (litX && litY) return x === y ? x : null;
  if (litX) return segmentRegex(y).test(x) ? x : null;
  if (litY) return segmentRegex(x).test(y) ? y : null;
  const [px, sx] = literalEnds(x);
  const [py, sy] = literalEnds(y);
  const prefixOk = px.startsWith(py) || py.startsWith(px);
  const suffixOk = sx.endsWith(sy) || sy.endsWith(sx);
  if (!prefixOk || !suffixOk) return null;
  const prefix = px.length >= py.length ? px : py;
  const suffix = sx.length >= sy.length ? sx : sy;
  const candidates = [`${prefix}x${suffix}`, `${prefix}${suffix}`];
  return candidates.find((c) => segmentRegex(x).test(c) && segmentRegex(y).test(c)) ?? candidates[0]!;
}

/** A plausible concrete value of one segment pattern (for examples). */
function concreteSegment(segment: string): string {
  if (!SPECIAL.test(segment)) return segment;
  const [prefix, suffix] = literalEnds(segment);
  return `${prefix}x${suffix}`;
}

/** The literal text before the first and after the last wildcard character of a segment. */
function literalEnds(segment: string): [string, string] {
  const first = segment.search(SPECIAL);
  let last = segment.length - 1;
  while (last >= 0 && !SPECIAL.test(segment[last]!)) last--;
  return [segment.slice(0, first), segment.slice(last + 1)];
}

const segmentCache = new Map<string, RegExp>();
function segmentRegex(segment: string): RegExp {
  let re = segmentCache.get(segment);
  if (!re) segmentCache.set(segment, (re = picomatch.makeRe(segment, OUTPUT_GLOB_OPTIONS)));
  return re;
}

/** Prefers an example that really matches both globs; falls back to glob `a` as written. */
function verifiedExample(a: string, b: string, segments: string[]): string {
  const both = (p: string) => compileOutputGlob(a).test(p) && compileOutputGlob(b).test(p);
  const base = segments.join('/');
  for (const candidate of [base, base ? `${base}/x` : 'x']) if (both(candidate)) return candidate;
  return a;
}
