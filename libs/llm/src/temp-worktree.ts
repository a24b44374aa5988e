import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { execa } from 'execa';
import { GitError } from '@taskpod/core';

/** Runs git in a folder and returns stdout; a failure is a GitError with the command and stderr. */
export async function runGit(cwd: string, args: string[]): Promise<string> {
  const result = await execa('git', args, { cwd, reject: false, stripFinalNewline: false, env: { GIT_TERMINAL_PROMPT: '0' } });
  if (result.failed) throw new GitError(`git failed in ${cwd}`, args, result.exitCode, String(result.stderr ?? ''));
  return String(result.stdout);
}

/**
 * Gives `work` a detached worktree of HEAD outside the repository and always removes it afterwards,
 * so a command-line agent can edit freely without touching the user's checkout.
 */
export async function withTempWorktree<T>(root: string, work: (dir: string) => Promise<T>): Promise<T> {
  const parent = mkdtempSync(path.join(tmpdir(), 'taskpod-shell-'));
  const dir = path.join(parent, 'worktree');
  await runGit(root, ['worktree', 'add', '--detach', '--quiet', dir, 'HEAD']);
  try {
    return await work(dir);
  } finally {
    await runGit(root, ['worktree', 'remove', '--force', dir]).catch(() => undefined);
    rmSync(parent, { recursive: true, force: true });
    await runGit(root, ['worktree', 'prune']).catch(() => undefined);
  }
}
