import { statSync } from 'node:fs';
import * as path from 'node:path';
import { type GitContext, runGit, runGitResult, withEnv } from './run-git';

// Notes are taskpod's own bookkeeping, not anyone's work: a fixed identity, whatever the user's config says.
const NOTE_IDENTITY = {
  GIT_AUTHOR_NAME: 'taskpod',
  GIT_AUTHOR_EMAIL: 'taskpod@localhost',
  GIT_COMMITTER_NAME: 'taskpod',
  GIT_COMMITTER_EMAIL: 'taskpod@localhost',
};

/**
 * Writes a parentless commit whose message is `message` and whose tree holds `files` (none: the
 * empty tree), and returns its id. A commit rather than a bare blob, so any git host accepts the ref.
 */
export async function writeNoteCommit(git: GitContext, message: string, files: Record<string, string> = {}): Promise<string> {
  const entries: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const blob = await runGit(git, ['hash-object', '-w', '--stdin'], { input: content, what: `Could not store ${name} in git.` });
    entries.push(`100644 blob ${blob}\t${name}\n`);
  }
  const tree =
    entries.length === 0
      ? await emptyTree(git)
      : await runGit(git, ['mktree'], { input: entries.join(''), what: 'Could not write a tree.' });
  return runGit(withEnv(git, NOTE_IDENTITY), ['commit-tree', tree], { input: message, what: 'Could not write a note commit.' });
}

/** Per repository: the empty tree's id (it differs between sha1 and sha256 repositories), written once. */
const emptyTrees = new Map<string, Promise<string>>();
function emptyTree(git: GitContext): Promise<string> {
  let tree = emptyTrees.get(git.cwd);
  if (!tree) {
    tree = runGit(git, ['mktree'], { input: '', what: 'Could not write a tree.' });
    tree.catch(() => emptyTrees.delete(git.cwd));
    emptyTrees.set(git.cwd, tree);
  }
  return tree;
}

/** The message of the commit `ref` names, or null when there is no such ref. */
export async function readNoteMessage(git: GitContext, ref: string): Promise<string | null> {
  const result = await runGitResult(git, ['cat-file', 'commit', ref], { okExitCodes: [128] });
  if (result.exitCode !== 0) return null;
  const blank = result.stdout.indexOf('\n\n');
  return blank < 0 ? '' : result.stdout.slice(blank + 2);
}

/** The text of file `name` in the commit `ref` names, or null when the ref or the file is missing. */
export async function readNoteFile(git: GitContext, ref: string, name: string): Promise<string | null> {
  const result = await runGitResult(git, ['cat-file', 'blob', `${ref}:${name}`], { okExitCodes: [128] });
  return result.exitCode === 0 ? result.stdout : null;
}

/** The object a local ref points at, or null when it does not exist. */
export async function readLocalRef(git: GitContext, ref: string): Promise<string | null> {
  const result = await runGitResult(git, ['rev-parse', '--verify', '--quiet', ref], { okExitCodes: [1] });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

/** Points a local ref at `oid`, or deletes it when `oid` is null. */
export async function setLocalRef(git: GitContext, ref: string, oid: string | null): Promise<void> {
  await runGit(git, oid ? ['update-ref', ref, oid] : ['update-ref', '-d', ref], { what: `Could not update ${ref}.` });
}

/** The repository's own folder (`.git`, shared by its worktrees), or null outside a repository. */
export async function gitCommonDir(git: GitContext): Promise<string | null> {
  // The usual case, a checkout with its own .git folder, costs no git process.
  if (statSync(path.join(git.cwd, '.git'), { throwIfNoEntry: false })?.isDirectory()) return path.join(git.cwd, '.git');
  const result = await runGitResult(git, ['rev-parse', '--path-format=absolute', '--git-common-dir'], { okExitCodes: [128] });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}
