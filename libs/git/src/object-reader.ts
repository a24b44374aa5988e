import { startAnsweringGit } from './answering-git';
import type { GitContext } from './run-git';

/** One object as git stores it. */
export interface StoredObject {
  oid: string;
  type: string;
  body: Buffer;
}

/** A name `cat-file --batch` reads as one line as written; anything else (two lines, trimmed) names no object here. */
export const isObjectName = (name: string) => name !== '' && !/[\n\r]/.test(name) && name.trim() === name;

/**
 * The answer of `git cat-file --batch` that starts at `at`: `<oid> <type> <size>\n<content>\n`, or
 * `<name> missing\n` (or `ambiguous`: no object either). Undefined while it is not all there yet.
 */
export function readBatchAnswer(out: Buffer, at: number): { object: StoredObject | null; next: number } | undefined {
  const end = out.indexOf(0x0a, at);
  if (end < 0) return undefined;
  const match = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(out.toString('utf8', at, end));
  if (!match) return { object: null, next: end + 1 };
  const size = Number(match[3]);
  if (out.length < end + 1 + size + 1) return undefined;
  const body = Buffer.from(out.subarray(end + 1, end + 1 + size));
  return { object: { oid: match[1]!, type: match[2]!, body }, next: end + 1 + size + 1 };
}

/** One long-lived `git cat-file --batch`: objects read one after another, in the order asked. */
export interface ObjectReader {
  /** The object `name` resolves to, or null when there is none. */
  read: (name: string) => Promise<StoredObject | null>;
  close: () => Promise<void>;
}

/**
 * A batch's reads of trees and objects through one `git cat-file --batch` process, which answers
 * each line as it comes (it flushes per object), so tasks at different stages of a batch share it.
 * A failure fails every read waiting and every later one, naming git's message.
 */
export function startObjectReader(git: GitContext): ObjectReader {
  const cat = startAnsweringGit(git, ['cat-file', '--batch'], 'Could not read from the git object database', (out) => {
    const answer = readBatchAnswer(out, 0);
    return answer && { value: answer.object, next: answer.next };
  });
  return {
    read: (name) => (isObjectName(name) ? cat.ask(name) : Promise.resolve(null)),
    close: cat.close,
  };
}
