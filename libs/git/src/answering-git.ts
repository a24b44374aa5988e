import { type ChildProcess, spawn } from 'node:child_process';
import { GitError } from '@taskpod/core';
import { type GitContext, cleanStderr } from './run-git';

/** A long-lived git process that answers each line written to it, in order. */
export interface AnsweringGit<T> {
  ask: (line: string) => Promise<T>;
  /** Ends its input and waits for it to exit. */
  close: () => Promise<void>;
}

/**
 * Starts `git <args>` for a batch's many questions (`cat-file --batch`, `hash-object --stdin-paths`,
 * which answer each line as it comes): `readAnswer` takes one answer off the front of what git has
 * printed, or undefined while it is not all there. A failure fails every question waiting and every
 * later one, `what` first, then git's message.
 */
export function startAnsweringGit<T>(
  git: GitContext,
  args: string[],
  what: string,
  readAnswer: (out: Buffer) => { value: T; next: number } | undefined,
): AnsweringGit<T> {
  const child: ChildProcess = spawn('git', args, {
    cwd: git.cwd,
    env: { ...git.env, LC_ALL: 'C', LANGUAGE: 'C', GIT_TERMINAL_PROMPT: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const waiting: { resolve: (value: T) => void; reject: (error: unknown) => void }[] = [];
  let buffered: Buffer = Buffer.alloc(0);
  let stderr = '';
  let failed: GitError | undefined;
  const fail = (reason: string) => {
    failed ??= new GitError(`${what}: ${reason}`, args, child.exitCode ?? undefined, cleanStderr(stderr, git.env));
    for (const w of waiting.splice(0)) w.reject(failed);
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    for (let answer = readAnswer(buffered); answer; answer = readAnswer(buffered)) {
      buffered = buffered.subarray(answer.next);
      waiting.shift()?.resolve(answer.value);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin!.on('error', () => {}); // git may exit first; its exit code and stderr say why
  child.on('error', (error) => fail(error.message));
  const closed = new Promise<void>((resolve) =>
    child.on('close', () => {
      fail(`git ${args[0]} ended.`);
      resolve();
    }),
  );
  return {
    ask: (line) => {
      if (failed) return Promise.reject(failed);
      return new Promise<T>((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.stdin!.write(`${line}\n`);
      });
    },
    close: async () => {
      child.stdin!.end();
      await closed;
    },
  };
}

/** An answer that is one line (an object id). */
export function readLineAnswer(out: Buffer): { value: string; next: number } | undefined {
  const end = out.indexOf(0x0a);
  return end < 0 ? undefined : { value: out.toString('utf8', 0, end).trim(), next: end + 1 };
}
