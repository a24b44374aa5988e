import * as posix from 'node:path/posix';
import type * as Yaml from 'yaml';
import type { Document, LineCounter, Node, YAMLMap } from 'yaml';
import type { Issue } from './errors';
import { buildTask } from './build-task';
import { canonicalTaskFields, type ParseTaskOptions } from './framework-fields';
import { parseTaskFileFast } from './parse-task-file-fast';
import { schemaErrorsOfTask } from './schema-validators';
import { describeValue, schemaIssues } from './schema-issues';
import type { Task, TaskFileShape } from './types';
import { yamlLib } from './yaml-lib';
import { lineAt, mapKey, mapValue } from './yaml-locate';
import { yamlToJsIssue } from './yaml-to-js-issue';
import { validateTaskId } from './validate-task-id';

// `yaml` is loaded only when a file takes the Document path (see yamlLib).
const isMap = ((node: unknown) => yamlLib().isMap(node)) as typeof Yaml.isMap;
const isScalar = ((node: unknown) => yamlLib().isScalar(node)) as typeof Yaml.isScalar;
const isSeq = ((node: unknown) => yamlLib().isSeq(node)) as typeof Yaml.isSeq;

type Parsed = { tasks: Task[]; issues: Issue[] };
type Ctx = {
  doc: Document;
  file: string;
  dir: string;
  lineCounter: LineCounter;
  lineOf: (node: unknown) => number;
  options: ParseTaskOptions;
  template: boolean;
};

/**
 * Parses one task.yaml (either shape) into normalised tasks and every problem found, each with file,
 * line and field. Pure: `file` is the workspace-relative path used in messages and `source`.
 */
export function parseTaskFile(text: string, file: string, options: ParseTaskOptions = {}): Parsed {
  return parseTaskFileFast(text, file, options) ?? parseTaskFileDocument(text, file, options);
}

/** The Document path: slower, but knows every node's line, so it is the one that reports problems. */
export function parseTaskFileDocument(text: string, file: string, options: ParseTaskOptions = {}): Parsed {
  try {
    return parseDocumentOf(text, file, options);
  } catch (error) {
    const issue = yamlToJsIssue(error, file);
    if (!issue) throw error;
    return { tasks: [], issues: [issue] };
  }
}

function parseDocumentOf(text: string, file: string, options: ParseTaskOptions): Parsed {
  const { LineCounter, parseDocument } = yamlLib();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (node: unknown) => lineAt(lineCounter, (node as Node | null | undefined)?.range?.[0] ?? 0);
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => ({ file, line: lineAt(lineCounter, e.pos[0]), message: `malformed YAML: ${e.message}` }));
    return { tasks: [], issues };
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    // The framework leaves empty task files about; one must not stop the workspace.
    return { tasks: [], issues: [{ file, line: 1, severity: 'warning', message: 'is empty: no task here; ignored' }] };
  }
  if (!isMap(root)) {
    const message = `expected a map of task fields with \`id\`, or a \`tasks:\` map; got ${describeValue(root ? doc.toJS() : null)}`;
    return { tasks: [], issues: [{ file, line: lineOf(root), message }] };
  }
  const template = isMap(root) && isScalar(mapValue(root, 'template')) && (mapValue(root, 'template') as Yaml.Scalar).value === true;
  const ctx: Ctx = { doc, file, dir: posix.dirname(file), lineCounter, lineOf, options, template };
  const result = mapKey(root, 'tasks') ? parseTasksMap(ctx, root) : parseOne(ctx, root, 'flat', undefined);
  result.issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return result;
}

/** The original framework's shape: `tasks: { <id>: {...} }`, one task per file. */
function parseTasksMap(ctx: Ctx, root: YAMLMap): Parsed {
  const { file, lineOf } = ctx;
  const issues: Issue[] = [];
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === 'tasks' || key === 'template') continue;
    issues.push({ file, line: lineOf(pair.key), field: key, severity: 'warning', message: 'is outside the `tasks:` map and is ignored' });
  }
  const tasksNode = mapValue(root, 'tasks');
  const tasksLine = lineOf(mapKey(root, 'tasks'));
  if (!isMap(tasksNode) || tasksNode.items.length === 0) {
    issues.push({ file, line: tasksLine, field: 'tasks', message: 'must be a map holding one task, keyed by its id' });
    return { tasks: [], issues };
  }
  if (tasksNode.items.length > 1) {
    const ids = tasksNode.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '?'));
    const message = `holds ${ids.length} tasks (${ids.join(', ')}); a task file holds one task. Run \`taskpod split ${file}\` to write one file per task`;
    issues.push({ file, line: tasksLine, field: 'tasks', message });
    return { tasks: [], issues };
  }
  const { key, value } = tasksNode.items[0]!;
  const id = isScalar(key) ? String(key.value) : '';
  const badId = validateTaskId(id);
  if (badId) issues.push({ file, line: lineOf(key), field: 'id', message: `the \`tasks:\` key is not a valid id: it ${badId}` });
  const result = parseOne(ctx, value, 'tasks-map', { id, line: lineOf(key) });
  return { tasks: badId ? [] : result.tasks, issues: [...issues, ...result.issues] };
}

/** Validates one task's own map against the schema, then normalises it. */
function parseOne(ctx: Ctx, body: unknown, shape: TaskFileShape, keyed: { id: string; line: number } | undefined): Parsed {
  const { file, lineOf } = ctx;
  if (!isMap(body)) {
    const got = describeValue(isScalar(body) ? body.value : isSeq(body) ? [] : null);
    return {
      tasks: [],
      issues: [{ file, line: lineOf(body), ...(keyed ? { field: keyed.id } : {}), message: `must be a map of task fields; got ${got}` }],
    };
  }
  const { fields, unknownStatus } = canonicalTaskFields(body.toJS(ctx.doc) as Record<string, unknown>, ctx.options);
  const issues = schemaIssues(schemaErrorsOfTask(fields), { file, root: body, lineCounter: ctx.lineCounter });
  const idNode = mapValue(body, 'id');
  let id: string;
  if (keyed) {
    id = keyed.id;
    if (fields.id !== undefined && String(fields.id) !== id) {
      issues.push({
        file,
        line: lineOf(idNode),
        field: 'id',
        message: `\`${String(fields.id)}\` differs from its \`tasks:\` key \`${id}\``,
      });
    }
  } else if (fields.id === undefined || fields.id === null) {
    return { tasks: [], issues: [...issues, { file, line: lineOf(body), field: 'id', message: 'is required' }] };
  } else {
    id = String(fields.id);
    const badId = validateTaskId(id);
    if (badId) {
      // A string id that breaks the rule is already a schema issue (worded by validateTaskId); a number is not.
      if (!issues.some((issue) => issue.field === 'id')) issues.push({ file, line: lineOf(idNode), field: 'id', message: badId });
      return { tasks: [], issues };
    }
  }
  const line = keyed?.line ?? lineOf(idNode);
  const lineOfField = (field: string, index?: number) => fieldLine(ctx, body, field, index);
  const template = ctx.template || fields.template === true;
  const built = buildTask({
    id,
    fields,
    shape,
    file,
    dir: ctx.dir,
    line,
    lineOfField,
    unknownStatus,
    template,
    statusAliases: ctx.options.statusAliases,
  });
  return { tasks: [built.task], issues: [...issues, ...built.issues] };
}

/** Line of a field's value (or of item `index` of a list field), for normalisation issues. */
function fieldLine(ctx: Ctx, body: YAMLMap, field: string, index?: number): number {
  const value = mapValue(body, field);
  const item = index !== undefined && isSeq(value) ? value.items[index] : undefined;
  return ctx.lineOf(item ?? value ?? body);
}
