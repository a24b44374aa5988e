import { UserError, closestMatches, unknownTaskIdError, type Task } from '@taskpod/core';

/** The tasks named by `ids` (each once, in the order given); every unknown id is named, with suggestions. */
export function findTasks(ids: readonly string[], tasks: readonly Task[], tasksGlob: string): Task[] {
  const byId = new Map(tasks.map((t) => [t.id, t] as const));
  const unique = [...new Set(ids)];
  const unknown = unique.filter((id) => !byId.has(id));
  if (unknown.length === 1) throw unknownTaskIdError(unknown[0]!, tasks, tasksGlob);
  if (unknown.length > 1) {
    const named = unknown.map((id) => {
      const close = closestMatches(id, byId.keys());
      return close.length ? `\`${id}\` (did you mean ${close.map((c) => `\`${c}\``).join(' or ')}?)` : `\`${id}\``;
    });
    throw new UserError(`Unknown task ids: ${named.join(', ')}; nothing was written.`, { hint: 'Run `taskpod list` to see every task.' });
  }
  return unique.map((id) => byId.get(id)!);
}
