import { rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { GitError } from '@taskpod/core';
import { coalesce } from './coalesce';
import { type StoredObject, isObjectName, readBatchAnswer } from './object-reader';
import { makeTempIndexDir } from './temp-index-dir';
import { type GitContext, runGit, runGitBuffer, runGitResult } from './run-git';

/**
 * Object and ref reads and writes that share one git process among the calls made in the same turn
 * of the event loop (an Nx batch's hundred tasks): in a batch every git process is a fork of the whole
 * batch process, so one `cat-file --batch` for a hundred claims costs what one `cat-file` did.
 * Calls share a process only when they run git in the same folder with the same environment object.
 */

type Item<T> = { git: GitContext; value: T };

const envIds = new WeakMap<object, number>();
let nextEnvId = 0;
function keyOf(git: GitContext): string {
  let id = envIds.get(git.env);
  if (id === undefined) envIds.set(git.env, (id = nextEnvId++));
  return `${git.cwd}\0${id}`;
}

const readObjects = coalesce<Item<string>, StoredObject | null>(async (_key, items) => {
  const names = items.map((item) => item.value);
  const out = await runGitBuffer(items[0]!.git, ['cat-file', '--batch'], {
    input: names.map((name) => `${name}\n`).join(''),
    what: 'Could not read from the git object database.',
  });
  const results: (StoredObject | null)[] = [];
  let at = 0;
  for (let i = 0; i < names.length; i++) {
    const answer = readBatchAnswer(out, at);
    if (!answer) throw new GitError('git cat-file --batch ended early.', ['cat-file', '--batch'], 0, '');
    results.push(answer.object);
    at = answer.next;
  }
  return results;
});

/** The object `name` (an id, a ref, `<ref>:<path>`) resolves to, or null when there is none. */
export function readObject(git: GitContext, name: string): Promise<StoredObject | null> {
  return isObjectName(name) ? readObjects(keyOf(git), { git, value: name }) : Promise.resolve(null);
}

const readIds = coalesce<Item<string>, string | null>(async (_key, items) => {
  const out = await runGit(items[0]!.git, ['cat-file', '--batch-check=%(objectname)'], {
    input: items.map((item) => `${item.value}\n`).join(''),
    what: 'Could not read refs.',
  });
  return out.split('\n').map((line) => (/^[0-9a-f]{40,64}$/.test(line) ? line : null));
});

/** The id `name` resolves to, or null when it names nothing. */
export function readObjectId(git: GitContext, name: string): Promise<string | null> {
  return isObjectName(name) ? readIds(keyOf(git), { git, value: name }) : Promise.resolve(null);
}

/** Points `ref` at `oid`, or deletes it (null). */
export interface RefUpdate {
  ref: string;
  oid: string | null;
}

/** Per update of a shared call: the error that stopped it, or undefined. */
const updateRefs = coalesce<Item<RefUpdate>, unknown>(async (_key, items) => {
  const git = items[0]!.git;
  const lines = items.map(({ value: { ref, oid } }) => (oid ? `update ${ref} ${oid}\n` : `delete ${ref}\n`));
  const all = await runGitResult(git, ['update-ref', '--stdin'], { input: lines.join(''), okExitCodes: [128] });
  if (all.exitCode === 0) return items.map(() => undefined);
  // One transaction is all or nothing (and refuses two updates of one ref): one by one, in order.
  const outcomes: unknown[] = [];
  for (const { value } of items) {
    const args = value.oid ? ['update-ref', value.ref, value.oid] : ['update-ref', '-d', value.ref];
    outcomes.push(
      await runGit(git, args, { what: `Could not update ${value.ref}.` }).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
  }
  return outcomes;
});

/** Updates one ref; updates asked for together share one `git update-ref --stdin`. */
export async function updateRef(git: GitContext, update: RefUpdate): Promise<void> {
  const error = await updateRefs(keyOf(git), { git, value: update });
  if (error !== undefined) throw error;
}

const writeObjects = coalesce<Item<{ type: string; body: string | Buffer }>, string>(async (_key, items) => {
  const byType = new Map<string, number[]>();
  for (const [i, item] of items.entries()) {
    const list = byType.get(item.value.type) ?? [];
    list.push(i);
    byType.set(item.value.type, list);
  }
  const ids: string[] = new Array(items.length);
  const dir = await makeTempIndexDir();
  try {
    for (const [type, indexes] of byType) {
      const files = indexes.map((i) => path.join(dir, `object-${i}`));
      await Promise.all(indexes.map((i, k) => writeFile(files[k]!, items[i]!.value.body)));
      const out = await runGit(items[0]!.git, ['hash-object', '-t', type, '-w', '--stdin-paths'], {
        input: files.map((file) => `${file}\n`).join(''),
        what: `Could not write ${type} objects.`,
      });
      const lines = out.split('\n');
      for (const [k, i] of indexes.entries()) ids[i] = lines[k]!.trim();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return ids;
});

/** Writes one object of `type` (blob, tree, commit) whose content is `body`; returns its id. */
export function writeObject(git: GitContext, type: 'blob' | 'tree' | 'commit', body: string | Buffer): Promise<string> {
  return writeObjects(keyOf(git), { git, value: { type, body } });
}
