import { type CommitMessageInput, buildCommitMessage, commitTree } from './commit';
import { type ObjectHasher, startObjectHasher } from './object-hasher';
import { type GitContext, runGitResult } from './run-git';
import { makeTempIndexDir } from './temp-index-dir';

/** Writes commits of one repository, as `commitTree` does, for many commits in a row. */
export interface CommitWriter {
  commitTree: (tree: string, parent: string, message: CommitMessageInput) => Promise<string>;
  /** Ends the writer's git process and removes its folder; commits written stay. */
  dispose: () => Promise<void>;
}

interface Idents {
  author: string;
  committer: string;
  /** Whether each ident's time is fixed by GIT_AUTHOR_DATE / GIT_COMMITTER_DATE (else: now, per commit). */
  authorFixed: boolean;
  committerFixed: boolean;
}

/**
 * The commits of an Nx batch of applies, written by one long-lived `git hash-object -t commit -w
 * --stdin-paths` instead of a `git commit-tree` each (in a batch every git process is a fork of the
 * whole batch process). The object is the one commit-tree writes: tree, parent, author and committer
 * as `git var` reports them for `git.env` (the same identity rules), stamped with the time each is
 * written unless GIT_AUTHOR_DATE / GIT_COMMITTER_DATE fix it, then the message. Where commit-tree
 * would write something else (commit.gpgSign, a non-UTF-8 i18n.commitEncoding) or fails for want
 * of an identity, every commit goes through commitTree, which says so as it always did.
 */
export function createCommitWriter(git: GitContext): CommitWriter {
  let ready: Promise<{ idents: Idents; hasher: ObjectHasher } | null> | undefined;
  const start = async () => {
    const idents = await readIdents(git);
    if (!idents) return null;
    return { idents, hasher: startObjectHasher(git, await makeTempIndexDir(), 'commit') };
  };
  return {
    commitTree: async (tree, parent, message) => {
      ready ??= start();
      const fast = await ready;
      if (!fast) return commitTree(git, tree, parent, message);
      const now = Math.floor(Date.now() / 1000);
      const { idents } = fast;
      const author = idents.authorFixed ? idents.author : restamp(idents.author, now);
      const committer = idents.committerFixed ? idents.committer : restamp(idents.committer, now);
      const body = `tree ${tree}\nparent ${parent}\nauthor ${author}\ncommitter ${committer}\n\n${buildCommitMessage(message)}`;
      return fast.hasher.write(body);
    },
    dispose: async () => {
      const fast = await ready?.catch(() => null);
      await fast?.hasher.close();
    },
  };
}

/** `Name <email> <seconds> <tz>` with the seconds replaced. */
function restamp(ident: string, seconds: number): string {
  return ident.replace(/ \d+ ([+-]\d{4})$/, ` ${seconds} $1`);
}

/**
 * Both identities as commit-tree would take them (`git var <name>` is strict as commit-tree is, and
 * fails where it fails), and the settings that change what it writes; null: use commit-tree.
 */
async function readIdents(git: GitContext): Promise<Idents | null> {
  const [all, author, committer] = await Promise.all(
    [
      ['var', '-l'],
      ['var', 'GIT_AUTHOR_IDENT'],
      ['var', 'GIT_COMMITTER_IDENT'],
    ].map((args) => runGitResult(git, args, { okExitCodes: [1, 128] })),
  );
  if (all!.exitCode !== 0 || author!.exitCode !== 0 || committer!.exitCode !== 0) return null;
  const config = new Map<string, string>();
  for (const line of all!.stdout.split('\n')) {
    const at = line.indexOf('=');
    // A later value of the same key wins, as git reads it; keys come lower-cased. A key without a
    // value (`[commit] gpgsign`, which means true) is printed without `=`: it counts as empty.
    if (at !== 0 && line) config.set(at > 0 ? line.slice(0, at) : line, at > 0 ? line.slice(at + 1) : '');
  }
  const sign = config.get('commit.gpgsign');
  const encoding = config.get('i18n.commitencoding');
  if ((sign !== undefined && !/^(false|no|off|0)$/i.test(sign)) || (encoding && !/^utf-?8$/i.test(encoding))) return null;
  return {
    author: author!.stdout.trim(),
    committer: committer!.stdout.trim(),
    authorFixed: !!git.env.GIT_AUTHOR_DATE,
    committerFixed: !!git.env.GIT_COMMITTER_DATE,
  };
}
