import { type ChildProcess, spawn } from 'node:child_process';
import { GitError, redactSecrets } from '@taskpod/core';

/** The environment git runs with; the whole of it, as the step was given it (never process.env read here). */
export type GitEnv = Readonly<Record<string, string | undefined>>;

/**
 * Where git runs and with which environment. Every function of this lib takes one, so the env a step
 * is handed (GIT_* settings, credentials helpers, HOME) is the env git sees; only the outermost entry
 * (the CLI, an executor) chooses it, usually process.env.
 */
export interface GitContext {
  cwd: string;
  env: GitEnv;
}

export interface RunGitOptions {
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

/** Runs `git <args>` in `git.cwd` with `git.env` and returns trimmed stdout; a failure is a GitError with stderr. */
export async function runGit(git: GitContext, args: string[], options: RunGitOptions = {}): Promise<string> {
  const result = await runGitRaw(git, args, options, 'utf8');
  return result.stdout.replace(/\n$/, '');
}

/** Like runGit but returns the exit code too (for commands whose exit code is the answer). */
export async function runGitResult(git: GitContext, args: string[], options: RunGitOptions = {}): Promise<GitResult<string>> {
  return runGitRaw(git, args, options, 'utf8');
}

/** Like runGit but keeps stdout as bytes (binary diffs). */
export async function runGitBuffer(git: GitContext, args: string[], options: RunGitOptions = {}): Promise<Buffer> {
  return (await runGitRaw(git, args, options, 'buffer')).stdout;
}

/** The same place with more environment (`GIT_INDEX_FILE` of a throwaway index). */
export const withEnv = (git: GitContext, extra: GitEnv): GitContext => ({ cwd: git.cwd, env: { ...git.env, ...extra } });

/** The same environment in another folder (a worktree of the same repository). */
export const inDir = (git: GitContext, cwd: string): GitContext => ({ cwd, env: git.env });

async function runGitRaw<E extends 'utf8' | 'buffer'>(
  git: GitContext,
  args: string[],
  options: RunGitOptions,
  encoding: E,
): Promise<GitResult<E extends 'buffer' ? Buffer : string>> {
  const { cwd, env } = git;
  const result = await spawnGit(cwd, args, { ...env, ...FIXED_ENV }, options.input);
  // Spawning failed (git missing, cwd gone): there is no exit code, only the system's message.
  if (result.spawnError)
    throw new GitError(
      options.what ?? 'Could not run git; is it installed and on PATH?',
      args,
      undefined,
      cleanStderr(result.spawnError.message, env),
      { cause: result.spawnError },
    );
  const stderr = result.stderr && cleanStderr(result.stderr, env);
  // Built only for errors: cleaning every argument of every call shows up in profiles.
  const command = () => args.map((a) => cleanStderr(a, env));
  if (result.exitCode === undefined) {
    // Killed by a signal: there is no exit code to judge by.
    throw new GitError(options.what ?? `git ${args[0]} was stopped by ${result.signal ?? 'a signal'}.`, command(), undefined, stderr);
  }
  const exitCode = result.exitCode;
  if (exitCode !== 0 && !(options.okExitCodes ?? []).includes(exitCode)) {
    throw new GitError(options.what ?? `git ${args[0]} failed in ${cwd}.`, command(), exitCode, stderr);
  }
  const stdout = (encoding === 'buffer' ? result.stdout : result.stdout.toString('utf8')) as E extends 'buffer' ? Buffer : string;
  return { stdout, stderr, exitCode };
}

interface SpawnedGit {
  stdout: Buffer;
  stderr: string;
  exitCode: number | undefined;
  signal?: NodeJS.Signals | null;
  /** Set when git could not be started at all (not installed, cwd gone). */
  spawnError?: Error;
}

/**
 * Runs git with node's own spawn rather than execa: a batch process runs a thousand git commands, and
 * spawning happens one at a time on the event loop, where execa's extra work per call adds up across
 * every apply (tools/bench/patch-apply-bench.mjs). Git's stdout and stderr are kept whole.
 */
function spawnGit(cwd: string, args: string[], env: NodeJS.ProcessEnv, input: string | Buffer | undefined): Promise<SpawnedGit> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const finish = (exitCode: number | undefined, signal: NodeJS.Signals | null, spawnError?: Error) =>
      resolve({
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString('utf8'),
        exitCode,
        signal,
        ...(spawnError ? { spawnError } : {}),
      });
    let child: ChildProcess;
    try {
      child = spawn('git', args, { cwd, env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    } catch (error) {
      finish(undefined, null, error as Error);
      return;
    }
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => finish(undefined, null, error));
    child.on('close', (code, signal) => finish(code ?? undefined, signal));
    if (input !== undefined) {
      child.stdin!.on('error', () => {}); // git may exit before reading it all; its exit code says why
      child.stdin!.end(input);
    }
  });
}

/** Removes credentials from URLs and the value of every secret in `env` (the one git ran with) from git's messages. */
export function cleanStderr(text: string, env: GitEnv): string {
  return redactSecrets(text, env);
}
