import { rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readLineAnswer, startAnsweringGit } from './answering-git';
import type { GitContext } from './run-git';

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
  const hasher = startAnsweringGit(
    git,
    ['hash-object', '-t', type, '-w', '--stdin-paths'],
    `Could not write a ${type} object`,
    readLineAnswer,
  );
  let count = 0;
  return {
    write: async (body) => {
      const file = path.join(dir, `${type}-${count++}`);
      await writeFile(file, body);
      const id = await hasher.ask(file);
      void rm(file, { force: true });
      return id;
    },
    close: async () => {
      await hasher.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
