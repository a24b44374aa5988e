import * as posix from 'node:path/posix';
import { UserError, matchesTasksGlob, tasksGlobBase, type Task } from '@taskpod/core';

/**
 * Where `taskpod add` writes task `id`: `<folder>/<id>/task.yaml`, the layout `split` and `import`
 * use, beside the copied task, else in the folder that holds the most task folders, else where the
 * tasks glob starts. A path the tasks glob would not find is refused: no command would see the task.
 */
export function newTaskFile(id: string, tasksGlob: string, existing: readonly Task[], from?: Task): string {
  const parent = from ? posix.dirname(from.source.dir) : (busiestParent(existing) ?? tasksGlobBase(tasksGlob));
  const name = posix.basename(tasksGlob);
  const file = posix.join(parent, id, /[*?[\]{}()!]/.test(name) ? 'task.yaml' : name);
  if (!matchesTasksGlob(tasksGlob, file)) {
    throw new UserError(`A new task file for ${id} would go to ${file}, which the tasks glob \`${tasksGlob}\` does not find.`, {
      hint: 'Write the task file by hand where the glob finds it, or widen `tasksGlob` in nx.json.',
    });
  }
  return file;
}

/** The folder holding the most task folders (ties: the first in name order), or undefined when there are no tasks. */
function busiestParent(tasks: readonly Task[]): string | undefined {
  const counts = new Map<string, number>();
  for (const task of tasks) {
    const parent = posix.dirname(task.source.dir);
    counts.set(parent, (counts.get(parent) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}
