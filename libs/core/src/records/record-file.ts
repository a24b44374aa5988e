import * as path from 'node:path';
import { readTextIfExists, writeFileAtomic } from '../atomic-write';
import { InternalError, UserError } from '../errors';
import { type RecordShape, findShapeProblem } from './record-shape';

/** One kind of record: its format, its shape, and how a broken one is made again. */
export interface RecordKind<T> {
  format: 'JSON' | 'YAML';
  shape: RecordShape;
  parse: (text: string) => unknown;
  serialize: (record: T) => string;
  /** What to do about a broken record of task `id`, e.g. ``Re-run `taskpod run T1`.`` */
  hint: (id: string) => string;
}

/** A JSON record written as taskpod always writes it: two-space indent, final newline. */
export function jsonRecord<T>(shape: RecordShape, hint: (id: string) => string): RecordKind<T> {
  return { format: 'JSON', shape, parse: (text) => JSON.parse(text), serialize: (record) => `${JSON.stringify(record, null, 2)}\n`, hint };
}

/**
 * Reads, parses and checks the record at `rel` (workspace-relative) of task `id`, or null when the
 * file does not exist. Anything else wrong is a UserError naming the file, and the field when one is
 * wrong; a record of another task is refused, so no step mixes two tasks' records.
 */
export async function readRecordFile<T>(root: string, rel: string, kind: RecordKind<T>, id: string): Promise<T | null> {
  const text = await readTextIfExists(path.join(root, rel), rel);
  if (text === null) return null;
  let value: unknown;
  try {
    value = kind.parse(text);
  } catch (error) {
    throw new UserError(
      `${rel} is not a valid ${kind.format} record: ${(error as Error).message}`,
      { hint: kind.hint(id) },
      { cause: error },
    );
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
    throw new UserError(`${rel} is not a valid ${kind.format} record: expected an object, got ${got}.`, { hint: kind.hint(id) });
  }
  const problem = findShapeProblem(value as Record<string, unknown>, kind.shape);
  if (problem) {
    throw new UserError(`${rel}: field \`${problem.field}\` must be ${problem.expected}.`, {
      expected: problem.expected,
      received: problem.received,
      hint: kind.hint(id),
    });
  }
  const owner = (value as { task_id?: unknown }).task_id;
  if ('task_id' in kind.shape && owner !== id) {
    throw new UserError(`${rel} belongs to task \`${String(owner)}\`, not \`${id}\`.`, { expected: id, received: String(owner) });
  }
  return value as T;
}

/** Checks `record` against its shape (a failure is a bug in taskpod) and writes it atomically. */
export async function writeRecordFile<T extends object>(root: string, rel: string, kind: RecordKind<T>, record: T): Promise<void> {
  const problem = findShapeProblem(record as Record<string, unknown>, kind.shape);
  if (problem)
    throw new InternalError(
      `taskpod was about to write ${rel} with field \`${problem.field}\` ${problem.received}, not ${problem.expected}; nothing was written.`,
    );
  await writeFileAtomic(path.join(root, rel), kind.serialize(record));
}
