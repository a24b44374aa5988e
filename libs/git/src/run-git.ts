import { execa } from 'execa';
import { GitError, redactSecrets } from '@taskpod/core';

export interface RunGitOptions {
  /** Extra environment for this call (e.g. `GIT_INDEX_FILE`); the process environment is kept. */
  env?: Record<string, string | undefined>;
  /** Text or bytes written to git's stdin. */
  input?: string | Buffer;
  /** Exit codes that are answers rather than failures (e.g. 1 for `merge-base --is-ancestor`). */
  okExitCodes?: number[];
  /** What the failure is about, put in front of git's own message. */
  what?: string;
}

export interface GitResult<T> {
  stdout: T;
  stderr: string;
  exitCode: number;
}

// Git's messages are parsed in a few places (non-fast-forward, conflicts): keep them in English.
const FIXED_ENV = { LC_ALL: 'C', LANGUAGE: 'C', GIT_TERMINAL_PROMPT: '0' };

/** Runs `git <args>` in cwd and returns trimmed stdout; a failure is a GitError with stderr. */
export async function runGit(cwd: string, args: string[], options: RunGitOptions = {}): Promise<string> {
  const result = await runGitRaw(cwd, args, options, 'utf8');
  return result.stdout.replace(/\n$/, '');
}

/** Like runGit but returns the exit code too (for commands whose exit code is the answer). */
export async function runGitResult(cwd: string, args: string[], options: RunGitOptions = {}): Promise<GitResult<string>> {
  return runGitRaw(cwd, args, options, 'utf8');
}

/** Like runGit but keeps stdout as bytes (binary diffs). */
export async function runGitBuffer(cwd: string, args: string[], options: RunGitOptions = {}): Promise<Buffer> {
  return (await runGitRaw(cwd, args, options, 'buffer')).stdout;
}

async function runGitRaw<E extends 'utf8' | 'buffer'>(
  cwd: string,
  args: string[],
  options: RunGitOptions,
  encoding: E,
): Promise<GitResult<E extends 'buffer' ? Buffer : string>> {
  const env = { ...options.env, ...FIXED_ENV };
  let result;
  try {
    result = await execa('git', args, {
      cwd,
      env,
      input: options.input,
      encoding: encoding === 'buffer' ? 'buffer' : 'utf8',
      stripFinalNewline: false,
      reject: false,
      maxBuffer: 1024 * 1024 * 1024,
    });
  } catch (error) {
    throw new GitError(options.what ?? 'Could not run git.', args, undefined, String(error), { cause: error });
  }
  const rawStderr = String(result.stderr ?? '');
  const stderr = rawStderr && cleanStderr(rawStderr, options.env);
  // Built only for errors: cleaning every argument of every call shows up in profiles.
  const command = () => args.map((a) => cleanStderr(a, options.env));
  if (result.exitCode === undefined) {
    // Spawning failed (git missing, cwd gone): there is no exit code, only execa's message.
    throw new GitError(options.what ?? 'Could not run git; is it installed and on PATH?', command(), undefined, cleanStderr(result.shortMessage ?? '', options.env));
  }
  const exitCode = result.exitCode;
  if (exitCode !== 0 && !(options.okExitCodes ?? []).includes(exitCode)) {
    throw new GitError(options.what ?? `git ${args[0]} failed in ${cwd}.`, command(), exitCode, stderr);
  }
  const stdout = (encoding === 'buffer' ? Buffer.from(result.stdout as Uint8Array) : String(result.stdout)) as E extends 'buffer' ? Buffer : string;
  return { stdout, stderr, exitCode };
}

/** Removes credentials from URLs and every secret value from git's messages. */
export function cleanStderr(text: string, env?: Record<string, string | undefined>): string {
  const withoutUserinfo = text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@');
  return redactSecrets(withoutUserinfo, { ...process.env, ...env });
}
