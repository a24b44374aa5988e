import { Document, isMap, isScalar, parseDocument, type Pair, type YAMLMap } from 'yaml';
import { UsageError, UserError, didYouMean, type Task } from '@taskpod/core';
import { instanceOfFor } from './instance-of-for';
import { fillPlaceholders } from './fill-placeholders';

/** What `taskpod add` was told. Flag values are taken as written: only copied strings hold placeholders. */
export interface NewTaskInput {
  id: string;
  /** `--from`: the task or template to copy, and its file's text. */
  from?: { task: Task; text: string };
  description?: string;
  pod?: string;
  phase?: string;
  outputs?: string[];
  dependsOn?: string[];
  prompt?: string;
  /** `--set key=value`, in order. */
  set: Record<string, string>;
  /** `created_at` of the new task. */
  now: string;
}

/** Fields a copy never takes over: the new task has its own identity, state and template link. */
const NOT_COPIED = ['template', 'id', 'status', 'ready', 'done', 'created_at', 'updated_at', 'instance_of'];

/**
 * Pure: the task.yaml text of a new task (flat shape, status ready). A copy keeps its source's
 * fields, their order and comments, records `instance_of` (see instanceOfFor), and has its `<placeholders>` filled from
 * `--set`, else from its own field of that name; one left unfilled, or a `--set` nothing uses, is a
 * usage error naming it.
 */
export function buildNewTask(input: NewTaskInput): string {
  const doc = new Document({});
  const map = doc.contents as YAMLMap;
  map.set('id', input.id);
  if (input.from) {
    const source = parseDocument(input.from.text);
    const taskMap = taskMapOf(source, input.from.task).clone() as YAMLMap;
    // The file's first comment (a schema line) sits on the document or on its first key, which is not copied.
    const first = isMap(source.contents) ? source.contents.items[0]?.key : undefined;
    const firstDropped = isScalar(first) && (input.from.task.source.shape === 'tasks-map' || NOT_COPIED.includes(String(first.value)));
    doc.commentBefore = source.commentBefore ?? (firstDropped ? (first.commentBefore ?? null) : null);
    const copied = (taskMap.items as Pair[]).filter((pair) => !(isScalar(pair.key) && NOT_COPIED.includes(String(pair.key.value))));
    // A comment above the map's first line belongs to the map under `tasks:`: keep it above the first field copied.
    const head = copied[0]?.key;
    if (taskMap.commentBefore && isScalar(head))
      head.commentBefore = [taskMap.commentBefore, head.commentBefore].filter(Boolean).join('\n');
    map.items.push(...copied);
    fillCopy(doc, map, input);
  } else if (Object.keys(input.set).length > 0) {
    throw new UsageError('`--set` fills the placeholders of the task named by `--from`; there is none.', {
      received: Object.keys(input.set)
        .map((k) => `--set ${k}=...`)
        .join(' '),
    });
  }
  applyFlags(map, input);
  if (input.from) map.set('instance_of', instanceOfFor(input.from.task));
  map.set('status', 'ready');
  map.set('created_at', input.now);
  return doc.toString();
}

/** The copied task's own map: the document (flat) or its one entry under `tasks:`. */
function taskMapOf(doc: Document, task: Task): YAMLMap {
  const root = doc.contents;
  const inner = isMap(root) && task.source.shape === 'tasks-map' ? root.get('tasks', true) : root;
  const map =
    task.source.shape === 'tasks-map' && isMap(inner)
      ? (inner.items.find((p) => isScalar(p.key) && String(p.key.value) === task.id) ?? inner.items[0])?.value
      : inner;
  if (!isMap(map)) throw new UserError(`Cannot copy task ${task.id}: ${task.source.file} changed since it was read.`);
  return map;
}

function fillCopy(doc: Document, map: YAMLMap, input: NewTaskInput): void {
  // A `--set` naming a field of the copy sets it too, so `feature_id` and `<feature_id>` agree.
  for (const [key, value] of Object.entries(input.set)) if (isScalar(map.get(key, true))) map.set(key, value);
  const own: Record<string, string> = {};
  for (const pair of map.items) {
    if (isScalar(pair.key) && isScalar(pair.value) && (typeof pair.value.value === 'string' || typeof pair.value.value === 'number'))
      own[String(pair.key.value)] = String(pair.value.value);
  }
  const { used, missing } = fillPlaceholders(doc, { ...own, id: input.id, ...input.set });
  const source = input.from!.task;
  const unused = Object.keys(input.set).filter((key) => !used.has(key) && !isScalar(map.get(key, true)));
  if (unused.length > 0) {
    const known = [...used, ...missing.keys(), ...Object.keys(own)];
    throw new UsageError(
      `\`--set ${unused[0]}=...\` matches no placeholder or field of ${source.id} (${source.source.file}); nothing was written.${didYouMean(unused[0]!, known)}`,
      { received: unused.join(', ') },
    );
  }
  if (missing.size > 0) {
    const names = [...missing].map(([name, fields]) => `\`<${name}>\` (in ${[...fields].join(', ')})`);
    throw new UsageError(
      `${source.source.file} has placeholder${missing.size === 1 ? '' : 's'} no value fills: ${names.join(', ')}; nothing was written.`,
      {
        hint: `Give ${[...missing.keys()].map((n) => `\`--set ${n}=VALUE\``).join(' and ')}.`,
      },
    );
  }
}

/** The flags win over what was copied, written under the key the copy already uses (`title`, `pod_owner`). */
function applyFlags(map: YAMLMap, input: NewTaskInput): void {
  const key = (canonical: string, alias: string) => (!map.has(canonical) && map.has(alias) ? alias : canonical);
  if (input.description !== undefined) map.set(key('description', 'title'), input.description);
  if (input.pod !== undefined) map.set(key('pod', 'pod_owner'), input.pod);
  if (input.phase !== undefined) map.set('phase', /^\d+$/.test(input.phase) ? Number(input.phase) : input.phase);
  if (input.prompt !== undefined) map.set('prompt', input.prompt);
  if (input.dependsOn !== undefined) map.set('depends_on', input.dependsOn);
  if (input.outputs !== undefined) {
    map.delete('template_outputs');
    map.set('outputs', input.outputs);
  }
}
