import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { execa } from 'execa';
import { GitError } from '@taskpod/core';

/** Runs git in a folder and returns stdout; a failure is a GitError with the command and stderr. */
export async function runGit(cwd: string, args: string[], what = `git failed in ${cwd}`): Promise<string> {
  const result = await execa('git', args, { cwd, reject: false, stripFinalNewline: false, env: { GIT_TERMINAL_PROMPT: '0' } });
  if (result.failed) throw new GitError(what, args, result.exitCode, String(result.stderr ?? ''));
  return String(result.stdout);
}

/**
 * Gives `work` a detached worktree of HEAD outside the repository and always removes it afterwards,
 * so a command-line agent can edit freely without touching the user's checkout. `dir` is the
 * workspace's folder inside it (the workspace may be a subfolder of the repository).
 */
export async function withTempWorktree<T>(root: string, work: (dir: string, prefix: string) => Promise<T>): Promise<T> {
  const why = `The shell provider runs its agent in a temporary worktree of HEAD, so ${root} must be inside a git repository with at least one commit.`;
  const prefix = (await runGit(root, ['rev-parse', '--show-prefix'], why)).trim();
  const parent = mkdtempSync(path.join(tmpdir(), 'taskpod-shell-'));
  const tree = path.join(parent, 'worktree');
  await runGit(root, ['worktree', 'add', '--detach', '--quiet', tree, 'HEAD'], why).catch((error: unknown) => {
    rmSync(parent, { recursive: true, force: true });
    throw error;
  });
  try {
    const dir = path.join(tree, prefix);
    mkdirSync(dir, { recursive: true });
    return await work(dir, prefix);
  } finally {
    await runGit(root, ['worktree', 'remove', '--force', tree]).catch(() => undefined);
    rmSync(parent, { recursive: true, force: true });
    await runGit(root, ['worktree', 'prune']).catch(() => undefined);
  }
}
