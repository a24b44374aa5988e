import { readFileSync } from 'node:fs';
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
    let text: string;
    try {
      text = readFileSync(`${root}/${file}`, 'utf8'); // `file` is already normal; path.join costs per file
    } catch (error) {
      issues.push({ file, message: `cannot be read: ${(error as Error).message}` });
      continue;
    }
    const parsed = parseTaskFile(text, file, options);
    for (const task of parsed.tasks) tasks.push(task);
    for (const issue of parsed.issues) issues.push(issue);
  }
  return { tasks, issues };
}
