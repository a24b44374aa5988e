import { statSync } from 'node:fs';
import * as path from 'node:path';
import { readObject, readObjectId, updateRef, writeObject } from './batched-objects';
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
 * Notes written together (a batch's claims) share their git processes: one per kind of object.
 */
export async function writeNoteCommit(git: GitContext, message: string, files: Record<string, string> = {}): Promise<string> {
  const names = Object.keys(files).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const name of names)
    if (/[/\0]/.test(name) || name === '' || name === '.' || name === '..') throw new Error(`not a file name: ${name}`);
  const blobs = await Promise.all(names.map((name) => writeObject(git, 'blob', files[name]!)));
  const entries = names.map((name, i) => Buffer.concat([Buffer.from(`100644 ${name}\0`), Buffer.from(blobs[i]!, 'hex')]));
  const tree = await (entries.length > 0 ? writeObject(git, 'tree', Buffer.concat(entries)) : emptyTree(git));
  // With its dates fixed by the environment, commit-tree's own reading of them decides.
  if (git.env.GIT_AUTHOR_DATE || git.env.GIT_COMMITTER_DATE)
    return runGit(withEnv(git, NOTE_IDENTITY), ['commit-tree', tree], { input: message, what: 'Could not write a note commit.' });
  const ident = `${NOTE_IDENTITY.GIT_COMMITTER_NAME} <${NOTE_IDENTITY.GIT_COMMITTER_EMAIL}> ${gitTimestamp(new Date())}`;
  return writeObject(git, 'commit', `tree ${tree}\nauthor ${ident}\ncommitter ${ident}\n\n${message}`);
}

/** Per repository: the empty tree's id (it differs between sha1 and sha256 repositories), written once. */
const emptyTrees = new Map<string, Promise<string>>();
function emptyTree(git: GitContext): Promise<string> {
  let tree = emptyTrees.get(git.cwd);
  if (!tree) {
    tree = writeObject(git, 'tree', '');
    tree.catch(() => emptyTrees.delete(git.cwd));
    emptyTrees.set(git.cwd, tree);
  }
  return tree;
}

/** `<seconds> <+hhmm>`, as git stamps a commit made now. */
function gitTimestamp(now: Date): string {
  const offset = -now.getTimezoneOffset();
  const abs = Math.abs(offset);
  const tz = `${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return `${Math.floor(now.getTime() / 1000)} ${tz}`;
}

/** The message of the commit `ref` names, or null when there is no such ref. */
export async function readNoteMessage(git: GitContext, ref: string): Promise<string | null> {
  const object = await readObject(git, ref);
  if (object?.type !== 'commit') return null;
  const text = object.body.toString('utf8');
  const blank = text.indexOf('\n\n');
  return blank < 0 ? '' : text.slice(blank + 2);
}

/**
 * The message of every note under `prefix` (`refs/taskpod/claims/`), by full ref name: two git
 * processes however many there are, for a batch whose tasks would each read their own.
 */
export async function readNoteMessagesUnder(git: GitContext, prefix: string): Promise<Map<string, string>> {
  const out = await runGit(git, ['for-each-ref', '--format=%(objectname) %(refname)', prefix], { what: `Could not list ${prefix}.` });
  const refs = out
    .split('\n')
    .filter(Boolean)
    .map((line) => [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)] as const);
  const messages = await Promise.all(refs.map(([oid]) => readNoteMessage(git, oid)));
  const byRef = new Map<string, string>();
  for (const [i, [, ref]] of refs.entries()) if (messages[i] !== null) byRef.set(ref, messages[i]!);
  return byRef;
}

/** The text of file `name` in the commit `ref` names, or null when the ref or the file is missing. */
export async function readNoteFile(git: GitContext, ref: string, name: string): Promise<string | null> {
  const object = await readObject(git, `${ref}:${name}`);
  return object?.type === 'blob' ? object.body.toString('utf8') : null;
}

/** The object a local ref points at, or null when it does not exist. */
export function readLocalRef(git: GitContext, ref: string): Promise<string | null> {
  return readObjectId(git, ref);
}

/** Points a local ref at `oid`, or deletes it when `oid` is null. */
export function setLocalRef(git: GitContext, ref: string, oid: string | null): Promise<void> {
  return updateRef(git, { ref, oid });
}

/** The repository's own folder (`.git`, shared by its worktrees), or null outside a repository. */
export async function gitCommonDir(git: GitContext): Promise<string | null> {
  // The usual case, a checkout with its own .git folder, costs no git process.
  if (statSync(path.join(git.cwd, '.git'), { throwIfNoEntry: false })?.isDirectory()) return path.join(git.cwd, '.git');
  const result = await runGitResult(git, ['rev-parse', '--path-format=absolute', '--git-common-dir'], { okExitCodes: [128] });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}
