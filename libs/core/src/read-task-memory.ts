import { readFile } from 'node:fs/promises';
import { UserError, ValidationError } from './errors';
import { parseMemoryFile } from './parse-memory-file';
import { resolveInsideWorkspace } from './resolve-inside-workspace';
import type { MemoryEntry, Task } from './types';

/**
 * The memory entries a task sees, file by file in the order named. Missing default memory files
 * (memory/memory.yaml, the memory.yaml beside the task) are skipped; a missing file the task names
 * in `memory` is an error, as is an invalid one.
 */
export async function readTaskMemory(root: string, task: Task): Promise<MemoryEntry[]> {
  const explicit = task.fields.memory !== undefined && task.fields.memory !== null;
  const entries: MemoryEntry[] = [];
  for (const file of task.memory) {
    // Checked before reading, missing or not: a link out of the workspace is an error either way.
    const real = resolveInsideWorkspace(root, file, { field: 'memory', file: task.source.file, line: task.source.line });
    let text: string;
    try {
      text = await readFile(real, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) continue;
      throw new UserError(`Task \`${task.id}\` names memory file \`${file}\`, which cannot be read.`, {
        expected: 'a memory.yaml in the workspace',
        received: (error as Error).message,
        hint: `Fix \`memory\` in ${task.source.file}:${task.source.line}.`,
      }, { cause: error });
    }
    const parsed = parseMemoryFile(text, file);
    if (parsed.issues.length > 0) throw new ValidationError(parsed.issues);
    entries.push(...parsed.entries);
  }
  return entries;
}
