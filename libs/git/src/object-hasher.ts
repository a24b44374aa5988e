import { type ChildProcess, spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { GitError } from '@taskpod/core';
import { type GitContext, cleanStderr } from './run-git';

/** One long-lived `git hash-object -t <type> -w --stdin-paths`: objects written one after another. */
export interface ObjectHasher {
  write: (body: string | Buffer) => Promise<string>;
  /** Ends the process and removes `dir`; objects written stay. */
  close: () => Promise<void>;
}

/**
 * One `git hash-object --stdin-paths` process for a batch's objects of one type: each object is
 * written to a file of `dir`, its path sent, its id read back (git answers each line in order,
 * flushing each). A failure fails every object waiting and every later one, naming git's message.
 */
export function startObjectHasher(git: GitContext, dir: string, type: 'commit' | 'tree'): ObjectHasher {
  const args = ['hash-object', '-t', type, '-w', '--stdin-paths'];
  const child: ChildProcess = spawn('git', args, {
    cwd: git.cwd,
    env: { ...git.env, LC_ALL: 'C', LANGUAGE: 'C', GIT_TERMINAL_PROMPT: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const waiting: { resolve: (id: string) => void; reject: (error: unknown) => void; file: string }[] = [];
  let stdout = '';
  let stderr = '';
  let failed: GitError | undefined;
  let count = 0;
  const fail = (reason: string) => {
    failed ??= new GitError(`Could not write a ${type} object: ${reason}`, args, child.exitCode ?? undefined, cleanStderr(stderr, git.env));
    for (const w of waiting.splice(0)) w.reject(failed);
  };
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    stdout += chunk;
    for (let end = stdout.indexOf('\n'); end >= 0; end = stdout.indexOf('\n')) {
      const id = stdout.slice(0, end).trim();
      stdout = stdout.slice(end + 1);
      const w = waiting.shift();
      if (!w) continue;
      void rm(w.file, { force: true });
      w.resolve(id);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin!.on('error', () => {}); // git may exit first; its exit code and stderr say why
  child.on('error', (error) => fail(error.message));
  const closed = new Promise<void>((resolve) =>
    child.on('close', () => {
      fail('git hash-object ended.');
      resolve();
    }),
  );
  return {
    write: async (body) => {
      if (failed) throw failed;
      const file = path.join(dir, `${type}-${count++}`);
      await writeFile(file, body);
      if (failed) throw failed;
      return new Promise<string>((resolve, reject) => {
        waiting.push({ resolve, reject, file });
        child.stdin!.write(`${file}\n`);
      });
    },
    close: async () => {
      child.stdin!.end();
      await closed;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
