import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PATCHES_DIR, UserError, taskPaths, type ApplyRecord, type FailureRecord, type PatchMeta, type RunRecord } from '@taskpod/core';
// The module, not the ledger's index: a patch or apply process should not load the ledger's YAML writers.
import { readTextIfExists, writeFileAtomic } from '@taskpod/core/atomic-write';

/** `.patches/<id>/patch.json`: file names (under `.patches/`) of the task's newest patch. */
export interface PatchPointer {
  diff: string;
  meta: string;
}

/** Reads and parses a JSON record, or null when the file does not exist. */
async function readJsonIfExists<T>(root: string, rel: string): Promise<T | null> {
  const text = await readTextIfExists(path.join(root, rel));
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new UserError(`${rel} is not valid JSON: ${(error as Error).message}`, { hint: 'Delete it and run the step that writes it again.' }, { cause: error });
  }
}

export const readRunRecord = (root: string, id: string) => readJsonIfExists<RunRecord>(root, taskPaths(id).run);
export const readApplyRecord = (root: string, id: string) => readJsonIfExists<ApplyRecord>(root, taskPaths(id).apply);
export const readPatchPointer = (root: string, id: string) => readJsonIfExists<PatchPointer>(root, taskPaths(id).latestPatch);
export const readFailureRecord = (root: string, id: string) => readJsonIfExists<FailureRecord>(root, taskPaths(id).failure);

/** Records why a target failed, for `taskpod run`'s summary; the executors call it with the redacted message. */
export async function writeFailureRecord(root: string, record: FailureRecord): Promise<void> {
  await fs.mkdir(path.join(root, taskPaths(record.task_id).dir), { recursive: true });
  await writeFileAtomic(path.join(root, taskPaths(record.task_id).failure), `${JSON.stringify(record, null, 2)}\n`);
}

export async function clearFailureRecord(root: string, id: string): Promise<void> {
  await fs.rm(path.join(root, taskPaths(id).failure), { force: true });
}

/** The newest patch of a task: its pointer, its sidecar and the absolute path of its diff. */
export async function readLatestPatch(root: string, id: string): Promise<{ pointer: PatchPointer; meta: PatchMeta; diffPath: string }> {
  const pointer = await readPatchPointer(root, id);
  if (!pointer) {
    throw new UserError(`Task ${id} has no patch: ${taskPaths(id).latestPatch} does not exist.`, {
      hint: `Make one first: \`taskpod patch ${id}\` (or \`taskpod patch ${id} --staged\` for staged changes).`,
    });
  }
  const metaRel = `${PATCHES_DIR}/${pointer.meta}`;
  const diffPath = path.join(root, PATCHES_DIR, pointer.diff);
  let metaText: string;
  try {
    metaText = await fs.readFile(path.join(root, metaRel), 'utf8');
    await fs.access(diffPath);
  } catch (error) {
    throw new UserError(`The patch of task ${id} named in ${taskPaths(id).latestPatch} is missing (${pointer.diff}, ${pointer.meta}).`, {
      hint: `Make it again: \`taskpod patch ${id}\`.`,
    }, { cause: error });
  }
  return { pointer, meta: parseSidecarYaml(metaText), diffPath };
}

const QUOTED = '"(?:[^"\\\\]|\\\\.)*"';
const FILE_LINE = new RegExp(`^  - \\{ path: (${QUOTED}), status: ([a-z-]+), insertions: (\\d+), deletions: (\\d+)(?:, from: (${QUOTED}))? \\}$`);

/**
 * Reads a sidecar. The `files` lines patchStep writes are read directly (the yaml library is slow on
 * patches with many files); anything else, such as a hand-edited sidecar, goes through the library.
 */
export function parseSidecarYaml(text: string): PatchMeta {
  const lines = text.split('\n');
  const start = lines.indexOf('files:');
  if (start < 0) return parseYaml(text) as PatchMeta;
  const files: PatchMeta['files'] = [];
  let end = start + 1;
  for (; end < lines.length && lines[end]!.startsWith('  - '); end++) {
    const m = FILE_LINE.exec(lines[end]!);
    if (!m) return parseYaml(text) as PatchMeta;
    const file: PatchMeta['files'][number] = { path: JSON.parse(m[1]!), status: m[2] as never, insertions: Number(m[3]), deletions: Number(m[4]) };
    if (m[5] !== undefined) file.from = JSON.parse(m[5]);
    files.push(file);
  }
  const rest = parseYaml([...lines.slice(0, start), ...lines.slice(end)].join('\n')) as PatchMeta;
  return { ...rest, files };
}

export async function writeApplyRecord(root: string, record: ApplyRecord): Promise<void> {
  await writeFileAtomic(path.join(root, taskPaths(record.task_id).apply), `${JSON.stringify(record, null, 2)}\n`);
}
