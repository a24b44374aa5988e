import type { StoredObject } from './object-reader';

/** One path of a diff's raw records: its new mode and blob, or `mode: null` for a deletion. */
export type TreeChange = { path: string; mode: string; oid: string } | { path: string; mode: null };

/** Reading and writing objects (a batch's long-lived cat-file and hash-object -t tree). */
export interface TreeIo {
  read: (name: string) => Promise<StoredObject | null>;
  writeTree: (body: Buffer) => Promise<string>;
}

interface Entry {
  mode: string;
  name: string;
  oid: Buffer;
}

const TREE_MODE = '40000';
/** A folder left with no entries: git keeps no empty trees below the root. */
const EMPTY = Symbol('empty');

/**
 * The tree of `baseTree` with `changes` made, written through `io`: what `git apply --cached` of the
 * diff these changes come from, then `git write-tree`, gives on that base, without either process.
 * Null whenever it might differ (a file where the base has a folder or the other way round, a
 * deletion of something absent, a name that is not plain UTF-8, an unreadable tree): the caller
 * then applies the diff with git, whose answer is the only answer.
 */
export async function treeWithChanges(io: TreeIo, baseTree: string, changes: readonly TreeChange[]): Promise<string | null> {
  // `baseTree` may be any name of a tree (`<commit>^{tree}`); the folders below are read by id.
  if (changes.some((c) => c.path.includes('\uFFFD') || c.path.split('/').some((part) => part === '' || part === '.' || part === '..')))
    return null;
  const built = await rebuild(
    io,
    baseTree,
    changes.map((c) => ({ ...c, rest: c.path })),
  );
  if (built === null) return null;
  return built === EMPTY ? io.writeTree(Buffer.alloc(0)) : built;
}

type Pending = TreeChange & { rest: string };

async function rebuild(io: TreeIo, treeId: string | null, changes: Pending[]): Promise<string | typeof EMPTY | null> {
  const entries = new Map<string, Entry>();
  if (treeId !== null) {
    const tree = await io.read(treeId);
    if (tree?.type !== 'tree') return null;
    const parsed = parseTree(tree.body, tree.oid.length / 2);
    if (!parsed) return null;
    for (const entry of parsed) entries.set(entry.name, entry);
  }
  const nested = new Map<string, Pending[]>();
  for (const change of changes) {
    const slash = change.rest.indexOf('/');
    if (slash >= 0) {
      const name = change.rest.slice(0, slash);
      const list = nested.get(name) ?? nested.set(name, []).get(name)!;
      list.push({ ...change, rest: change.rest.slice(slash + 1) });
      continue;
    }
    const existing = entries.get(change.rest);
    if (existing?.mode === TREE_MODE || nested.has(change.rest)) return null;
    if (change.mode === null) {
      if (!existing) return null;
      entries.delete(change.rest);
    } else {
      entries.set(change.rest, { mode: change.mode, name: change.rest, oid: Buffer.from(change.oid, 'hex') });
    }
  }
  const subtrees = await Promise.all(
    [...nested].map(async ([name, list]) => {
      const existing = entries.get(name);
      if (existing && existing.mode !== TREE_MODE) return null;
      if (changes.some((d) => d.rest === name)) return null;
      const built = await rebuild(io, existing ? existing.oid.toString('hex') : null, list);
      return built === null ? null : ([name, built] as const);
    }),
  );
  for (const subtree of subtrees) {
    if (subtree === null) return null;
    const [name, built] = subtree;
    if (built === EMPTY) entries.delete(name);
    else entries.set(name, { mode: TREE_MODE, name, oid: Buffer.from(built, 'hex') });
  }
  if (entries.size === 0) return EMPTY;
  return io.writeTree(serializeTree([...entries.values()]));
}

/** A tree object's entries (`<mode> <name>\0<raw id>` each), or null when it is not one. */
function parseTree(body: Buffer, idBytes: number): Entry[] | null {
  const entries: Entry[] = [];
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const nul = body.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 1 + idBytes > body.length) return null;
    const name = body.subarray(space + 1, nul);
    const text = name.toString('utf8');
    // A name that does not survive UTF-8 cannot be matched against a diff's paths.
    if (!Buffer.from(text, 'utf8').equals(name)) return null;
    entries.push({ mode: body.toString('latin1', at, space), name: text, oid: Buffer.from(body.subarray(nul + 1, nul + 1 + idBytes)) });
    at = nul + 1 + idBytes;
  }
  return entries;
}

/** Git's order: by name as bytes, a folder's name compared as if it ended in `/`. */
function serializeTree(entries: Entry[]): Buffer {
  const key = (e: Entry) => Buffer.from(e.mode === TREE_MODE ? `${e.name}/` : e.name, 'utf8');
  const sorted = entries.map((e) => ({ e, k: key(e) })).sort((a, b) => Buffer.compare(a.k, b.k));
  return Buffer.concat(sorted.flatMap(({ e }) => [Buffer.from(`${e.mode} ${e.name}\0`, 'utf8'), e.oid]));
}
