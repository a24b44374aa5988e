import { type ObjectHasher, startObjectHasher } from './object-hasher';
import { type ObjectReader, startObjectReader } from './object-reader';
import type { GitContext } from './run-git';
import { makeTempIndexDir } from './temp-index-dir';
import { type TreeChange, treeWithChanges } from './tree-with-changes';

/** Trees of a batch's patches, read and written through two long-lived git processes. */
export interface TreeBuilder {
  /** The tree of `base` (a commit or a tree) with `changes` made, or null where git must apply the diff (see treeWithChanges). */
  build: (base: string, changes: readonly TreeChange[]) => Promise<string | null>;
  /** Whether `oid` names a tree of this repository (one recorded elsewhere may not be here). */
  hasTree: (oid: string) => Promise<boolean>;
  /** Ends both processes; trees written stay. */
  dispose: () => Promise<void>;
}

/**
 * One `git cat-file --batch` and one `git hash-object -t tree --stdin-paths` for all the trees of
 * an Nx batch (started on first use), where building each with an index would cost a task two
 * processes: in a batch every git process is a fork of the whole batch process.
 */
export function createTreeBuilder(git: GitContext): TreeBuilder {
  let reader: ObjectReader | undefined;
  let hasher: Promise<ObjectHasher> | undefined;
  const io = {
    read: (name: string) => (reader ??= startObjectReader(git)).read(name),
    writeTree: async (body: Buffer) =>
      (await (hasher ??= makeTempIndexDir().then((dir) => startObjectHasher(git, dir, 'tree')))).write(body),
  };
  return {
    build: (base, changes) => treeWithChanges(io, `${base}^{tree}`, changes),
    hasTree: async (oid) => /^[0-9a-f]{40,64}$/.test(oid) && (await io.read(oid))?.type === 'tree',
    dispose: async () => {
      await Promise.all([
        reader?.close(),
        hasher?.then(
          (h) => h.close(),
          () => undefined,
        ),
      ]);
    },
  };
}
