import { readFileSync } from 'node:fs';
import { decodeUtf8 } from './decode-utf8';
import type { Issue } from './errors';
import type { ParseTaskOptions } from './framework-fields';
import { parseTaskFile } from './parse-task-file';
import type { Task } from './types';

/**
 * Reads and parses task files in order (workspace-relative paths). Reads are synchronous: for
 * thousands of small files that is faster than thousands of promises. (Parsing half of them in a
 * worker thread was tried: on a busy 2-core machine the copying back cost more than it saved.)
 */
export function readTaskFiles(root: string, files: readonly string[], options: ParseTaskOptions = {}): { tasks: Task[]; issues: Issue[] } {
  const tasks: Task[] = [];
  const issues: Issue[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(`${root}/${file}`); // `file` is already normal; path.join costs per file
    } catch (error) {
      const isDir = (error as NodeJS.ErrnoException).code === 'EISDIR';
      issues.push({
        file,
        message: isDir ? 'is a folder, not a task file; rename it or move what it holds' : `cannot be read: ${(error as Error).message}`,
      });
      continue;
    }
    const decoded = decodeUtf8(bytes, file);
    if (decoded.issue) {
      issues.push(decoded.issue);
      continue;
    }
    const parsed = parseTaskFile(decoded.text, file, options);
    for (const task of parsed.tasks) tasks.push(task);
    for (const issue of parsed.issues) issues.push(issue);
  }
  return { tasks, issues };
}
