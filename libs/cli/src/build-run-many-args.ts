import { UsageError, assertTaskId } from '@taskpod/core';

export interface RunManyOptions {
  parallel?: string;
  skipCache?: boolean;
}

/**
 * `nx run-many` argv for a target over task ids. Every value is glued to its flag (`--projects=a,b`),
 * so no id or target name can stand alone as an argv word that nx's parser reads as an option
 * (an id `--help` once ended the batch after its tasks had been pushed); ids are asserted as well.
 */
export function buildRunManyArgs(target: string, ids: readonly string[], options: RunManyOptions = {}): string[] {
  if (ids.length === 0) throw new UsageError('No task to run.');
  for (const id of ids) assertTaskId(id);
  const args = ['run-many', `--targets=${target}`, `--projects=${ids.join(',')}`, '--outputStyle=stream'];
  if (options.parallel !== undefined) args.push(`--parallel=${options.parallel}`);
  if (options.skipCache) args.push('--skip-nx-cache');
  return args;
}
