import { isMap, isScalar, type Document, type Scalar, type YAMLMap } from 'yaml';
import { UserError } from '@taskpod/core';

/** Which task to edit and where it lives (the fields of core's Task.source that matter here). */
export interface TaskFileTarget {
  id: string;
  /** Workspace-relative path, for messages. */
  file: string;
  shape: 'flat' | 'tasks-map';
}

/**
 * The map holding the task's own fields: the document itself (flat shape) or the value of its
 * key under `tasks:`. Keys are compared as written too, so `1.10:` is not mistaken for `1.1`.
 */
export function findTaskMap(doc: Document, text: string, target: TaskFileTarget): YAMLMap {
  const root = doc.contents;
  if (!isMap(root)) throw notFound(target, 'the file is not a YAML map');
  if (target.shape === 'flat') {
    const id = root.get('id', true);
    if (!isScalar(id) || !sameId(id, text, target.id)) throw notFound(target, `its \`id\` is not \`${target.id}\``);
    return root;
  }
  const tasks = root.get('tasks', true);
  if (!isMap(tasks)) throw notFound(target, 'it has no `tasks:` map');
  const pair = tasks.items.find((p) => isScalar(p.key) && sameId(p.key, text, target.id));
  if (!pair || !isMap(pair.value)) throw notFound(target, `\`tasks:\` has no map under the key \`${target.id}\``);
  return pair.value;
}

/** Compares the scalar as written (quotes off), so `1.10` stays `1.10` rather than the number 1.1. */
function sameId(node: Scalar, text: string, id: string): boolean {
  if (!node.range) return String(node.value) === id;
  const written = text.slice(node.range[0], node.range[1]).trim();
  return written.replace(/^"(.*)"$|^'(.*)'$/s, '$1$2') === id || (typeof node.value === 'string' && node.value === id);
}

function notFound(target: TaskFileTarget, why: string): UserError {
  return new UserError(`Cannot update the status of task ${target.id} in ${target.file}: ${why}.`, {
    hint: 'The file changed since the task was loaded; check it and run the command again.',
  });
}
