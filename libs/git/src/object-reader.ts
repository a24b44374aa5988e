import { type ChildProcess, spawn } from 'node:child_process';
import { GitError } from '@taskpod/core';
import { type GitContext, cleanStderr } from './run-git';

/** One object as git stores it. */
export interface StoredObject {
  oid: string;
  type: string;
  body: Buffer;
}

/**
 * The answer of `git cat-file --batch` that starts at `at`: `<oid> <type> <size>\n<content>\n`, or
 * `<name> missing\n` (or `ambiguous`: no object either). Undefined while it is not all there yet.
 */
export function readBatchAnswer(out: Buffer, at: number): { object: StoredObject | null; next: number } | undefined {
  const end = out.indexOf(0x0a, at);
  if (end < 0) return undefined;
  const match = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(out.toString('utf8', at, end));
  if (!match) return { object: null, next: end + 1 };
  const size = Number(match[3]);
  if (out.length < end + 1 + size + 1) return undefined;
  const body = Buffer.from(out.subarray(end + 1, end + 1 + size));
  return { object: { oid: match[1]!, type: match[2]!, body }, next: end + 1 + size + 1 };
}

/** One long-lived `git cat-file --batch`: objects read one after another, in the order asked. */
export interface ObjectReader {
  /** The object `name` resolves to, or null when there is none. */
  read: (name: string) => Promise<StoredObject | null>;
  close: () => Promise<void>;
}

/**
 * A batch's reads of trees and objects through one `git cat-file --batch` process, which answers
 * each line as it comes (it flushes per object), so tasks at different stages of a batch share it.
 * A failure fails every read waiting and every later one, naming git's message.
 */
export function startObjectReader(git: GitContext): ObjectReader {
  const args = ['cat-file', '--batch'];
  const child: ChildProcess = spawn('git', args, {
    cwd: git.cwd,
    env: { ...git.env, LC_ALL: 'C', LANGUAGE: 'C', GIT_TERMINAL_PROMPT: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const waiting: { resolve: (object: StoredObject | null) => void; reject: (error: unknown) => void }[] = [];
  let buffered: Buffer = Buffer.alloc(0);
  let stderr = '';
  let failed: GitError | undefined;
  const fail = (reason: string) => {
    failed ??= new GitError(
      `Could not read from the git object database: ${reason}`,
      args,
      child.exitCode ?? undefined,
      cleanStderr(stderr, git.env),
    );
    for (const w of waiting.splice(0)) w.reject(failed);
  };
  const take = () => {
    for (let answer = readBatchAnswer(buffered, 0); answer; answer = readBatchAnswer(buffered, 0)) {
      buffered = buffered.subarray(answer.next);
      waiting.shift()?.resolve(answer.object);
    }
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    take();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin!.on('error', () => {}); // git may exit first; its exit code and stderr say why
  child.on('error', (error) => fail(error.message));
  const closed = new Promise<void>((resolve) =>
    child.on('close', () => {
      fail('git cat-file ended.');
      resolve();
    }),
  );
  return {
    read: (name) => {
      // A name git would read as two lines (or trim) names nothing here.
      if (name === '' || /[\n\r]/.test(name) || name.trim() !== name) return Promise.resolve(null);
      if (failed) return Promise.reject(failed);
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.stdin!.write(`${name}\n`);
      });
    },
    close: async () => {
      child.stdin!.end();
      await closed;
    },
  };
}
