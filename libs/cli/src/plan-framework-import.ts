import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Document, isMap, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { PLUGIN_NAME, TASKS_DIR, type Task, commandReplacing } from '@taskpod/core';
import { splitTaskFile } from './split-task-file';

/** One change import makes: the file, what happens to it, and why. */
export interface ImportChange {
  kind: 'create' | 'edit' | 'move' | 'remove';
  file: string;
  /** For a move: where the file goes (its new text, if any, is `text`). */
  to?: string;
  /** The file's new content (create, edit, and a move that also edits). */
  text?: string;
  what: string;
  why: string;
  /** Edits made on the way (ids, depends_on, backlog-only marks), one line each. */
  details?: string[];
}

/** Where the tasks of a backlog outside the task glob (the framework's root `task.yaml`) go, one folder each. */
export const BACKLOG_DIR = `${TASKS_DIR}/backlog`;
/** Where import writes down the ids it had to change. */
export const ID_MAP_FILE = `${TASKS_DIR}/id-map.yaml`;

const ROOT_BACKLOGS = ['task.yaml', 'task.yml'];

/** The id rule (docs/file-formats.md, task.yaml `id`): `[A-Za-z0-9][A-Za-z0-9._-]*`, at most 100 characters, a branch name after `taskpod/`. */
export function isTaskpodId(id: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id) && id.length <= 100 && !id.includes('..') && !id.endsWith('.') && !id.endsWith('.lock');
}

/** The nearest id to a framework id that cannot be one: other characters become `_`. */
export function toTaskpodId(raw: string, taken: ReadonlySet<string>): string {
  let id = raw
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 100);
  while (id.endsWith('.') || id.endsWith('.lock')) id = id.replace(/(\.lock|\.)$/, '');
  if (id === '') id = 'task';
  let candidate = id;
  for (let n = 2; taken.has(candidate); n++) candidate = `${id.slice(0, 95)}_${n}`;
  return candidate;
}

interface TaskFileDoc {
  file: string;
  doc: Document;
  tasks: YAMLMap;
  /** Outside the task glob (the framework's root backlog), or holding several tasks: to be split. */
  split: boolean;
}

/**
 * What `taskpod import` would change in a repository holding the framework's files, in order; empty
 * when there is nothing to do (so a second run changes nothing). Reads only: the caller applies the
 * changes. Comments and unknown fields are kept: every edit goes through the `yaml` Document API.
 */
export function planFrameworkImport(root: string, globFiles: readonly string[]): ImportChange[] {
  const docs = readTaskFileDocs(root, globFiles);
  const changes: ImportChange[] = [];
  const idMap = planIdMap(docs);
  const instances = instancesByTemplateFolder(docs);
  for (const d of docs) {
    const before = d.doc.toString();
    const edits = editTasks(d, idMap, instances);
    if (d.split) changes.push(...splitChanges(d, edits));
    else if (d.doc.toString() !== before)
      changes.push({
        kind: 'edit',
        file: d.file,
        text: d.doc.toString(),
        what: `${edits.length} edit(s)`,
        why: 'taskpod reads ids, depends_on and backlog-only tasks this way',
        details: edits,
      });
  }
  if (idMap.size > 0) changes.push(idMapChange(root, idMap));
  const nx = nxJsonChange(root);
  if (nx) changes.push(nx);
  return changes;
}

/** Every task file that holds a `tasks:` map: the root backlog and the files under the task glob. */
function readTaskFileDocs(root: string, globFiles: readonly string[]): TaskFileDoc[] {
  const docs: TaskFileDoc[] = [];
  const rootBacklogs = ROOT_BACKLOGS.filter((f) => existsSync(path.join(root, f)) && !globFiles.includes(f));
  for (const file of [...rootBacklogs, ...globFiles]) {
    const doc = parseDocument(readFileSync(path.join(root, file), 'utf8'));
    if (doc.errors.length > 0 || !isMap(doc.contents)) continue; // taskpod's own read reports these
    const tasks = doc.contents.get('tasks', true);
    if (!isMap(tasks) || tasks.items.length === 0) continue;
    docs.push({ file, doc, tasks, split: rootBacklogs.includes(file) || tasks.items.length > 1 });
  }
  return docs;
}

/** The framework's ids that cannot be ids, each with its new id (one mapping per written id). */
function planIdMap(docs: readonly TaskFileDoc[]): Map<string, string> {
  const keys = docs.flatMap((d) => d.tasks.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')));
  const taken = new Set(keys.filter(isTaskpodId));
  const map = new Map<string, string>();
  for (const key of keys) {
    if (isTaskpodId(key) || map.has(key)) continue;
    const id = toTaskpodId(key, taken);
    taken.add(id);
    map.set(key, id);
  }
  return map;
}

/** Template folder name (`2.3_QA_feature`) to the ids of the backlog tasks whose `instance_of` names it. */
function instancesByTemplateFolder(docs: readonly TaskFileDoc[]): Map<string, string[]> {
  const byFolder = new Map<string, string[]>();
  for (const d of docs) {
    if (d.doc.get('template') === true) continue;
    for (const pair of d.tasks.items) {
      const instanceOf = isMap(pair.value) ? pair.value.get('instance_of') : undefined;
      if (typeof instanceOf !== 'string' || !isScalar(pair.key)) continue;
      const folder = path.posix.basename(path.posix.dirname(instanceOf.replace(/\\/g, '/')));
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), String(pair.key.value)]);
    }
  }
  return byFolder;
}

/** Edits one file's tasks in place (ids, depends_on, backlog-only marks); returns what it did, in words. */
function editTasks(d: TaskFileDoc, idMap: ReadonlyMap<string, string>, instances: ReadonlyMap<string, string[]>): string[] {
  const edits: string[] = [];
  const ids = new Set([...d.tasks.items.map((p) => String((p.key as { value?: unknown }).value)), ...[...instances.values()].flat()]);
  for (const pair of d.tasks.items) {
    if (!isScalar(pair.key)) continue;
    const oldId = String(pair.key.value);
    const newId = idMap.get(oldId);
    if (newId) {
      pair.key.value = newId;
      plainUnlessNumeric(pair.key);
      edits.push(`id \`${oldId}\` -> \`${newId}\` (it cannot be an id: ${ID_RULE})`);
    }
    const body = pair.value;
    if (!isMap(body)) continue;
    const deps = body.get('depends_on', true);
    const items = isSeq(deps) ? deps.items : isScalar(deps) ? [deps] : [];
    for (const item of items) {
      if (!isScalar(item) || typeof item.value !== 'string') continue;
      const dep = item.value;
      const mapped = idMap.get(dep);
      const viaTemplate = !ids.has(dep) && !mapped ? instances.get(dep) : undefined;
      if (mapped) {
        item.value = mapped;
        plainUnlessNumeric(item);
        edits.push(`${newId ?? oldId}: depends_on \`${dep}\` -> \`${mapped}\``);
      } else if (viaTemplate?.length === 1) {
        const target = idMap.get(viaTemplate[0]!) ?? viaTemplate[0]!;
        item.value = target;
        edits.push(`${newId ?? oldId}: depends_on \`${dep}\` -> \`${target}\` (\`${dep}\` is the template folder that task instantiates)`);
      }
    }
    const fields = body.toJS(d.doc) as Record<string, unknown>;
    const command = d.doc.get('template') === true ? null : commandReplacing({ id: newId ?? oldId, fields } as Task);
    if (command !== null && body.get('taskpod_command') === undefined) {
      body.set('taskpod_command', command);
      edits.push(
        `${newId ?? oldId}: taskpod_command: ${command} (its only outputs are backlog edits, which that command makes without a model; runs of it fail before any model call)`,
      );
    }
  }
  return edits;
}

/** A mapped id needs no quotes the framework's odd id needed; one that reads as a number keeps them. */
function plainUnlessNumeric(node: { type?: string; value: unknown }): void {
  if (!/^[\d.eE+-]+$/.test(String(node.value))) node.type = 'PLAIN';
}

const ID_RULE = 'letters, digits, `.`, `_`, `-`, starting with a letter or digit, a valid branch name after `taskpod/`';

/** A multi-task file becomes one file per task; a single task is moved (through git, so history follows). */
function splitChanges(d: TaskFileDoc, edits: string[]): ImportChange[] {
  const parts = splitTaskFile(d.doc.toString(), d.file);
  const dir = ROOT_BACKLOGS.includes(d.file) ? BACKLOG_DIR : path.posix.dirname(d.file);
  const target = (id: string) => `${dir}/${id}/task.yaml`;
  const why = ROOT_BACKLOGS.includes(d.file)
    ? `taskpod reads one task per file under ${TASKS_DIR}/ (the folder is the task's Nx project)`
    : "a task file holds one task (the folder is the task's Nx project)";
  const details = edits.length > 0 ? { details: edits } : {};
  if (parts.length === 1) {
    return [
      {
        kind: 'move',
        file: d.file,
        to: target(parts[0]!.id),
        text: parts[0]!.text,
        what: `moved to ${target(parts[0]!.id)}`,
        why,
        ...details,
      },
    ];
  }
  return [
    ...parts.map(
      (part): ImportChange => ({
        kind: 'create',
        file: target(part.id),
        text: part.text,
        what: `task \`${part.id}\` of ${d.file}, its comments and every field kept`,
        why: '',
      }),
    ),
    { kind: 'remove', file: d.file, what: `removed: its ${parts.length} tasks are now one file each under ${dir}/`, why, ...details },
  ];
}

/** The ids import changed, merged into the map file, so people and scripts can find their old names. */
function idMapChange(root: string, idMap: ReadonlyMap<string, string>): ImportChange {
  const file = path.join(root, ID_MAP_FILE);
  const exists = existsSync(file);
  const doc = exists ? parseDocument(readFileSync(file, 'utf8')) : new Document({});
  if (!exists) doc.commentBefore = " Ids taskpod import changed: the framework's id -> the taskpod id.";
  if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as never;
  (doc.contents as YAMLMap).flow = false;
  for (const [from, to] of idMap) doc.set(from, to);
  return {
    kind: exists ? 'edit' : 'create',
    file: ID_MAP_FILE,
    text: doc.toString(),
    what: `${idMap.size} id mapping(s) written down`,
    why: 'ids are also Nx project names, folder names and branch names',
  };
}

/** A repository without the plugin in nx.json gets the minimal entry (what `taskpod init` would write). */
function nxJsonChange(root: string): ImportChange | null {
  const file = path.join(root, 'nx.json');
  if (!existsSync(file)) {
    const text = `${JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json', plugins: [{ plugin: PLUGIN_NAME }], analytics: false }, null, 2)}\n`;
    return {
      kind: 'create',
      file: 'nx.json',
      text,
      what: `the ${PLUGIN_NAME} plugin, analytics off`,
      why: 'Nx infers one project per task through the plugin',
    };
  }
  const json = JSON.parse(readFileSync(file, 'utf8')) as { plugins?: unknown[] };
  const has = (json.plugins ?? []).some(
    (p) => p === PLUGIN_NAME || (typeof p === 'object' && p !== null && (p as { plugin?: string }).plugin === PLUGIN_NAME),
  );
  if (has) return null;
  json.plugins = [...(json.plugins ?? []), { plugin: PLUGIN_NAME }];
  return {
    kind: 'edit',
    file: 'nx.json',
    text: `${JSON.stringify(json, null, 2)}\n`,
    what: `${PLUGIN_NAME} added to plugins`,
    why: 'Nx infers one project per task through the plugin',
  };
}
