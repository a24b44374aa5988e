import type { Task } from '@taskpod/core';

/**
 * What a copy of `task` is an instance of: the template `task` itself instantiates, so a copy of an
 * instance is a sibling sharing its prompt and memory, else `task`'s own file.
 */
export function instanceOfFor(task: Task): string {
  const own = task.fields.instance_of;
  return typeof own === 'string' && own.trim() !== '' ? own.trim() : task.source.file;
}
