import childProcess from 'node:child_process';

/**
 * The git subcommands `fn` starts (the libs spawn git through
 * child_process.spawn): how a test counts git processes. Tests in one process run one at a time, so
 * wrapping spawn for the length of `fn` sees only its own.
 */
export async function gitCommandsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const real = childProcess.spawn;
  const seen: string[] = [];
  childProcess.spawn = ((command: string, args: string[], ...rest: unknown[]) => {
    if (command === 'git') seen.push(args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '--work-tree' && args[i - 1] !== '-C')!);
    return (real as (...a: unknown[]) => childProcess.ChildProcess)(command, args, ...rest);
  }) as typeof childProcess.spawn;
  try {
    await fn();
  } finally {
    childProcess.spawn = real;
  }
  return seen;
}
