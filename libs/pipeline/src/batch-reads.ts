import {
  type CommitWriter,
  type GitContext,
  type TreeBuilder,
  branchTips,
  createCommitWriter,
  createTreeBuilder,
  indexFileOf,
  readNoteMessagesUnder,
  resolveRevision,
} from '@taskpod/git';
import { CLAIMS_PREFIX } from './claim-refs';

/**
 * Reads of the repository that every task of one Nx batch would otherwise repeat, each done once for
 * the batch: the base revision, the tips of the `taskpod/` branches, this workspace's claims, and an
 * index file of the base's tree that scratch indexes copy; and long-lived git processes writing all
 * the batch's commits and the trees its patches make. In an Nx batch every git process is a fork of
 * the batch process, and three of an apply's seven were the same for every task. Only for applies
 * onto their own branches: `--into current` moves HEAD between tasks, so it reads afresh each time.
 */
export interface BatchReads {
  revision: (rev: string) => ReturnType<typeof resolveRevision>;
  /** The commit of `taskpod/<...>` as the batch began, or null; a task only moves its own branch. */
  branchTip: (branch: string) => Promise<string | null>;
  indexFile: (commit: string) => Promise<string>;
  /** The message of this workspace's claim on `refs/taskpod/claims/<id>` as the batch began, or null. */
  claimMessage: (ref: string) => Promise<string | null>;
  /** The batch's tree builder (two git processes for all its trees, see createTreeBuilder). */
  trees: () => TreeBuilder;
  /** The batch's commit writer (one git process for all its commits, see createCommitWriter). */
  commitTree: CommitWriter['commitTree'];
  dispose: () => Promise<void>;
}

export function createBatchReads(git: GitContext): BatchReads {
  const revisions = new Map<string, ReturnType<typeof resolveRevision>>();
  const indexes = new Map<string, ReturnType<typeof indexFileOf>>();
  let tips: Promise<Map<string, string>> | undefined;
  let claims: Promise<Map<string, string>> | undefined;
  let writer: CommitWriter | undefined;
  let builder: TreeBuilder | undefined;
  const once = <T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>) => map.get(key) ?? map.set(key, make()).get(key)!;
  return {
    revision: (rev) => once(revisions, rev, () => resolveRevision(git, rev)),
    branchTip: async (branch) => {
      if (!branch.startsWith('taskpod/')) throw new Error(`batch reads hold only taskpod/ branches, not ${branch}`);
      tips ??= branchTips(git, 'taskpod/');
      return (await tips).get(branch) ?? null;
    },
    claimMessage: async (ref) => {
      if (!ref.startsWith(CLAIMS_PREFIX)) throw new Error(`batch reads hold only claims, not ${ref}`);
      claims ??= readNoteMessagesUnder(git, CLAIMS_PREFIX);
      return (await claims).get(ref) ?? null;
    },
    indexFile: async (commit) => (await once(indexes, commit, () => indexFileOf(git, commit))).file,
    trees: () => (builder ??= createTreeBuilder(git)),
    commitTree: (tree, parent, message) => {
      writer ??= createCommitWriter(git);
      return writer.commitTree(tree, parent, message);
    },
    dispose: async () => {
      const made = await Promise.allSettled(indexes.values());
      await Promise.all([
        ...made.map((m) => (m.status === 'fulfilled' ? m.value.dispose() : undefined)),
        writer?.dispose(),
        builder?.dispose(),
      ]);
    },
  };
}
