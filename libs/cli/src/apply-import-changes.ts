import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '@taskpod/core';
import type { ImportChange } from './plan-framework-import';

/** Whether `file` is tracked by git in `root` (false outside a repository). */
function tracked(root: string, file: string, env: NodeJS.ProcessEnv): boolean {
  try {
    execFileSync('git', ['ls-files', '--error-unmatch', '--', file], { cwd: root, env, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function git(root: string, args: string[], env: NodeJS.ProcessEnv): void {
  try {
    execFileSync('git', args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    throw new UserError(`git ${args.join(' ')} failed: ${stderr || (error as Error).message}`, {}, { cause: error });
  }
}

/**
 * Applies import's changes in order. Moves and removals of tracked files go through git (`git mv`,
 * `git rm`), so history follows and nothing is lost; new and edited files are staged when the
 * repository tracks their neighbours. New files are created exclusively: nothing is overwritten.
 */
export function applyImportChanges(root: string, changes: readonly ImportChange[], inGit: boolean, env: NodeJS.ProcessEnv): void {
  const abs = (rel: string) => path.join(root, rel);
  const taken = changes.filter((c) => (c.kind === 'create' && existsSync(abs(c.file))) || (c.kind === 'move' && existsSync(abs(c.to!))));
  if (taken.length > 0) {
    throw new UserError(`Refusing to overwrite ${taken.map((c) => c.to ?? c.file).join(', ')}; nothing was changed.`, {
      hint: 'Move or remove those files, then import again.',
    });
  }
  for (const change of changes) {
    if (change.kind === 'move') {
      mkdirSync(path.dirname(abs(change.to!)), { recursive: true });
      if (inGit && tracked(root, change.file, env)) git(root, ['mv', '--', change.file, change.to!], env);
      else renameSync(abs(change.file), abs(change.to!));
      if (change.text !== undefined) writeFileSync(abs(change.to!), change.text);
      if (inGit) git(root, ['add', '--', change.to!], env);
    } else if (change.kind === 'remove') {
      if (inGit && tracked(root, change.file, env)) git(root, ['rm', '-q', '--', change.file], env);
      else rmSync(abs(change.file));
    } else {
      mkdirSync(path.dirname(abs(change.file)), { recursive: true });
      writeFileSync(abs(change.file), change.text!, { flag: change.kind === 'create' ? 'wx' : 'w' });
      if (inGit) git(root, ['add', '--', change.file], env);
    }
  }
}

/** Whether `root` is inside a git work tree. */
export function isGitWorkTree(root: string, env: NodeJS.ProcessEnv): boolean {
  try {
    return (
      execFileSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root, env, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim() === 'true'
    );
  } catch {
    return false;
  }
}
