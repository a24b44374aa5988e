import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeFiles } from './temp-dir';

/** Environment that keeps tests away from the user's git config and signing. */
export const GIT_TEST_ENV: NodeJS.ProcessEnv = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.test',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.test',
  GIT_TERMINAL_PROMPT: '0',
};

/**
 * Where `@taskpod/git` runs git in a test: `cwd` with `env` (default the process's, kept away from the
 * user's git config). The lib reads no environment of its own, so this is all git sees.
 */
export function gitAt(cwd: string, env: NodeJS.ProcessEnv = { ...process.env, ...GIT_TEST_ENV }): { cwd: string; env: NodeJS.ProcessEnv } {
  return { cwd, env };
}

/** The shell provider's worktree as the pipeline hands it in: git's withAgentWorktree at `root`. */
export function agentWorktreeAt(root: string, env: NodeJS.ProcessEnv = process.env): import('@taskpod/llm').WithAgentWorktree {
  // Loaded on first use, as the other builders load the product libs.
  const { withAgentWorktree } = require('@taskpod/git') as typeof import('@taskpod/git');
  return (work) => withAgentWorktree({ cwd: root, env }, work);
}

/** Runs git synchronously in dir and returns trimmed stdout; throws with stderr on failure. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    env: { ...process.env, ...GIT_TEST_ENV },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** `git init` on branch main with user config set and signing and auto-gc off. */
export function initGitRepo(dir: string, options: { bare?: boolean } = {}): void {
  git(dir, 'init', '-q', '-b', 'main', ...(options.bare ? ['--bare'] : []));
  // One write instead of a `git config` process per key: tests create many repositories.
  appendFileSync(path.join(dir, options.bare ? '' : '.git', 'config'), REPO_CONFIG);
}

const REPO_CONFIG = [
  '[user]',
  '\tname = Test Author',
  '\temail = author@example.test',
  '[commit]',
  '\tgpgsign = false',
  '[tag]',
  '\tgpgsign = false',
  '[gc]',
  '\tauto = 0',
  '[core]',
  '\tautocrlf = false',
  '',
].join('\n');

/** Writes files, stages everything and commits; returns the new commit id. */
export function commitFiles(dir: string, files: Record<string, string | Buffer>, message = 'test commit'): string {
  writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-verify', '-m', message);
  return headCommit(dir);
}

/**
 * HEAD's commit id, read from the ref files when they are plain (tests make hundreds of commits, and
 * a `git rev-parse` each is a process each); anything else (a worktree, packed refs) asks git.
 */
function headCommit(dir: string): string {
  try {
    const head = readFileSync(path.join(dir, '.git', 'HEAD'), 'utf8').trim();
    const id = head.startsWith('ref: ') ? readFileSync(path.join(dir, '.git', head.slice(5)), 'utf8').trim() : head;
    if (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(id)) return id;
  } catch {
    // Not a plain layout: git knows.
  }
  return git(dir, 'rev-parse', 'HEAD');
}
