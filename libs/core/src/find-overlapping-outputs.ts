import { toPicomatchGlob } from './output-globs';
import { outputsMayOverlap } from './outputs-may-overlap';
import type { Task } from './types';

export interface OutputOverlap {
  a: Task;
  b: Task;
  /** A path both tasks may write. */
  path: string;
}

interface TrieNode {
  children?: Map<string, TrieNode>;
  here: { task: Task; glob: string }[];
}

/**
 * Every pair of tasks whose output globs may meet. Globs are filed in a trie under their literal
 * leading folders, so a glob is compared only with globs above or below it: 10,000 tasks writing
 * distinct files cost linear time, not 50 million comparisons.
 */
export function findOverlappingOutputs(tasks: readonly Task[]): OutputOverlap[] {
  const root: TrieNode = { here: [] };
  const filed: { task: Task; glob: string; prefix: string[] }[] = [];
  for (const task of tasks) {
    for (const glob of task.outputs) {
      const entry = { task, glob, prefix: literalPrefix(glob) };
      let node = root;
      for (const segment of entry.prefix) {
        node.children ??= new Map();
        let child = node.children.get(segment);
        if (!child) node.children.set(segment, (child = { here: [] }));
        node = child;
      }
      node.here.push(entry);
      filed.push(entry);
    }
  }
  const found = new Map<string, OutputOverlap>();
  const consider = (x: { task: Task; glob: string }, y: { task: Task; glob: string }) => {
    if (x.task === y.task) return;
    const [a, b] = x.task.id < y.task.id || (x.task.id === y.task.id && x.task.source.file < y.task.source.file) ? [x, y] : [y, x];
    const key = `${a.task.source.file}\0${b.task.source.file}\0${a.task.id}\0${b.task.id}`;
    if (found.has(key)) return;
    const result = outputsMayOverlap(a.glob, b.glob);
    if (result.overlap) found.set(key, { a: a.task, b: b.task, path: result.example ?? a.glob });
  };
  // Each glob meets the globs filed at its own node and above it; deeper ones meet it from their side.
  for (const entry of filed) {
    let node: TrieNode | undefined = root;
    for (let depth = 0; node; depth++) {
      for (const other of node.here) consider(entry, other);
      node = depth < entry.prefix.length ? node.children?.get(entry.prefix[depth]!) : undefined;
    }
  }
  return [...found.values()];
}

const WILDCARD = /[*?[\]{}()!+@<]/;

/** Leading segments without wildcards or placeholders: `docs/<id>/a.md` files under `docs`. */
function literalPrefix(glob: string): string[] {
  const normal = glob.includes('\\') || glob.startsWith('./') ? toPicomatchGlob(glob) : glob;
  const wild = normal.search(WILDCARD);
  const literal = wild === -1 ? normal : normal.slice(0, normal.lastIndexOf('/', wild) + 1);
  return literal.split('/').filter((s) => s !== '' && s !== '.');
}
