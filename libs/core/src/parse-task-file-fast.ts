import * as posix from 'node:path/posix';
import type { Issue } from './errors';
import { buildTask } from './build-task';
import { canonicalTaskFields, type ParseTaskOptions } from './framework-fields';
import { schemaErrorsOfTask } from './schema-validators';
import type { Task, TaskFileShape } from './types';
import { isPlainMap, loadYamlFast } from './load-yaml-fast';
import { validateTaskId } from './validate-task-id';

/**
 * The fast read of a valid task file: js-yaml with `yaml`'s core scalars, then the same schema check and
 * normalisation as parseTaskFile. Returns undefined whenever anything is off, or might differ from the
 * Document path, so the caller reparses with line numbers; its answer is then the only answer.
 */
export function parseTaskFileFast(
  text: string,
  file: string,
  options: ParseTaskOptions = {},
): { tasks: Task[]; issues: Issue[] } | undefined {
  const loaded = loadYamlFast(text);
  if (!loaded) return undefined;
  const root = loaded.value;
  if (!isPlainMap(root)) return undefined;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a BOM is no content: the line scans start after it
  if (Object.hasOwn(root, 'tasks')) {
    if (Object.keys(root).some((k) => k !== 'tasks' && k !== 'template')) return undefined;
    const tasks = root.tasks;
    if (!isPlainMap(tasks)) return undefined;
    const ids = Object.keys(tasks);
    if (ids.length !== 1 || validateTaskId(ids[0]!) !== undefined) return undefined;
    const id = ids[0]!;
    const body = tasks[id];
    if (!isPlainMap(body) || (body.id !== undefined && String(body.id) !== id)) return undefined;
    const line = tasksKeyLine(text, id);
    return line === undefined ? undefined : build(body, id, 'tasks-map', file, line, options, root.template === true);
  }
  if (root.id === undefined || root.id === null) return undefined;
  const id = String(root.id);
  if (validateTaskId(id) !== undefined) return undefined; // the Document path words it, with its line
  const line = idLine(text, id);
  return line === undefined ? undefined : build(root, id, 'flat', file, line, options, root.template === true);
}

function build(
  raw: Record<string, unknown>,
  id: string,
  shape: TaskFileShape,
  file: string,
  line: number,
  options: ParseTaskOptions,
  template: boolean,
) {
  const { fields, unknownStatus } = canonicalTaskFields(raw, options);
  if (unknownStatus !== undefined || schemaErrorsOfTask(fields).length > 0) return undefined;
  const built = buildTask({
    id,
    fields,
    shape,
    file,
    dir: posix.dirname(file),
    line,
    lineOfField: () => 0,
    template,
    statusAliases: options.statusAliases,
  });
  return built.issues.length > 0 ? undefined : { tasks: [built.task], issues: [] };
}

/** Line of the flat shape's `id` value: one top-level `id:` line whose value is the id as written. */
function idLine(text: string, id: string): number | undefined {
  const re = /^(?:id|"id"|'id')[ ]*:[ ]*(.*)$/gm;
  const first = re.exec(text);
  if (!first || re.exec(text)) return undefined;
  const value = /^(["']?)([A-Za-z0-9._-]+)\1[ ]*(?:#.*)?\r?$/.exec(first[1]!);
  return value?.[2] === id ? lineOfOffset(text, first.index) : undefined;
}

/** Line of the one key under a top-level `tasks:`, which must be the next content line and be the id as written. */
function tasksKeyLine(text: string, id: string): number | undefined {
  const re = /^(?:tasks|"tasks"|'tasks')[ ]*:[ ]*(?:#.*)?\r?$/gm;
  const first = re.exec(text);
  if (!first || re.exec(text)) return undefined;
  const next = /\n(?:[ ]*(?:#.*)?\r?\n)*[ ]+(["']?)([A-Za-z0-9._-]+)\1[ ]*:(?:[ \r]|$)/my;
  next.lastIndex = first.index + first[0].length;
  const key = next.exec(text);
  return key?.[2] === id ? lineOfOffset(text, key.index + key[0].length - 1) : undefined;
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
