import { readFile } from 'node:fs/promises';
import { decodeUtf8 } from './decode-utf8';
import { UserError, ValidationError, type Issue } from './errors';
import { parseMemoryFile } from './parse-memory-file';
import { resolveInsideWorkspace } from './resolve-inside-workspace';
import type { MemoryEntry, Task } from './types';

/**
 * The memory entries a task sees, file by file in the order named. Missing default memory files
 * (memory/memory.yaml, the memory.yaml beside the task) are skipped; a missing file the task names
 * in `memory` is an error, as is an invalid one.
 */
export async function readTaskMemory(root: string, task: Task, warnings?: Issue[]): Promise<MemoryEntry[]> {
  const explicit = task.fields.memory !== undefined && task.fields.memory !== null;
  const entries: MemoryEntry[] = [];
  for (const file of task.memory) {
    // Checked before reading, missing or not: a link out of the workspace is an error either way.
    const real = resolveInsideWorkspace(root, file, { field: 'memory', file: task.source.file, line: task.source.line });
    let bytes: Buffer;
    try {
      bytes = await readFile(real);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) continue;
      throw new UserError(
        `Task \`${task.id}\` names memory file \`${file}\`, which cannot be read.`,
        {
          expected: 'a memory.yaml in the workspace',
          received: (error as Error).message,
          hint: `Fix \`memory\` in ${task.source.file}:${task.source.line}.`,
        },
        { cause: error },
      );
    }
    const decoded = decodeUtf8(bytes, file);
    if (decoded.issue) throw new ValidationError([decoded.issue]);
    const parsed = parseMemoryFile(decoded.text, file);
    const errors = parsed.issues.filter((issue) => issue.severity !== 'warning');
    if (errors.length > 0) throw new ValidationError(errors);
    warnings?.push(...parsed.issues.filter((issue) => issue.severity === 'warning'));
    entries.push(...parsed.entries);
  }
  return entries;
}
