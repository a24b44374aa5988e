import { type GitContext, runGitResult } from './run-git';

export interface MergeDriver {
  /** The name .gitattributes gives it (`merge=<name>`). */
  name: string;
  /** What git prints for it. */
  description: string;
  /** The command git runs, with %O %A %B. */
  command: string;
}

/**
 * Sets a merge driver in the repository's own git config (`merge.<name>.driver`), which a clone
 * does not copy: .gitattributes can only name it. Writes only when the command differs; outside
 * a git repository it does nothing and returns false.
 */
export async function configureMergeDriver(git: GitContext, driver: MergeDriver): Promise<boolean> {
  const key = `merge.${driver.name}.driver`;
  const current = await runGitResult(git, ['config', '--local', '--get', key], { okExitCodes: [1, 128] });
  if (current.exitCode === 128) return false;
  if (current.stdout.trim() === driver.command) return true;
  await runGitResult(git, ['config', '--local', `merge.${driver.name}.name`, driver.description]);
  await runGitResult(git, ['config', '--local', key, driver.command]);
  return true;
}
