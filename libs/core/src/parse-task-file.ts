import * as posix from 'node:path/posix';
import { type Document, LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { Issue } from './errors';
import { buildTask } from './build-task';
import { schemaErrorsOfTask } from './schema-validators';
import { describeValue, schemaIssues } from './schema-issues';
import type { Task } from './types';
import { lineAt, mapKey, mapValue } from './yaml-locate';

/** Task ids: also Nx project names and folder names, so kept to a safe alphabet. */
export const TASK_ID_PATTERN = /^[A-Za-z0-9._-]+$/;

/**
 * Parses one task.yaml (either shape) into normalised tasks and every problem found, each with file,
 * line and field. Pure: `file` is the workspace-relative path used in messages and `source`.
 */
export function parseTaskFile(text: string, file: string): { tasks: Task[]; issues: Issue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (node: Node | null | undefined) => lineAt(lineCounter, node?.range?.[0] ?? 0);
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => ({ file, line: lineAt(lineCounter, e.pos[0]), message: `malformed YAML: ${e.message}` }));
    return { tasks: [], issues };
  }
  const root = doc.contents;
  if (!isMap(root)) {
    const message = `expected a map of task fields with \`id\`, or a \`tasks:\` map; got ${describeValue(root ? doc.toJS() : null)}`;
    return { tasks: [], issues: [{ file, line: lineOf(root), message }] };
  }
  const ctx = { doc, file, dir: posix.dirname(file), lineCounter, lineOf };
  const result = mapKey(root, 'tasks') ? parseTasksMap(ctx, root) : parseOne(ctx, root, 'flat', undefined);
  result.issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return result;
}

type Ctx = { doc: Document; file: string; dir: string; lineCounter: LineCounter; lineOf: (node: Node | null | undefined) => number };

/** The original framework's shape: `tasks: { <id>: {...} }`, one task per file. */
function parseTasksMap(ctx: Ctx, root: Node & { items: unknown[] }): { tasks: Task[]; issues: Issue[] } {
  const { file } = ctx;
  const tasksNode = mapValue(root, 'tasks');
  const issues: Issue[] = [];
  for (const pair of (root as unknown as { items: { key: Node; value: Node }[] }).items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key !== 'tasks' && key !== 'template') {
      issues.push({ file, line: ctx.lineOf(pair.key), field: key, severity: 'warning', message: 'is outside the `tasks:` map and is ignored' });
    }
  }
  if (!isMap(tasksNode) || tasksNode.items.length === 0) {
    issues.push({ file, line: ctx.lineOf(mapKey(root, 'tasks')), field: 'tasks', message: 'must be a map holding one task, keyed by its id' });
    return { tasks: [], issues };
  }
  if (tasksNode.items.length > 1) {
    const ids = tasksNode.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '?'));
    const message = `holds ${ids.length} tasks (${ids.join(', ')}); a task file holds one task. Run \`taskpod split ${file}\` to write one file per task`;
    issues.push({ file, line: ctx.lineOf(mapKey(root, 'tasks')), field: 'tasks', message });
    return { tasks: [], issues };
  }
  const pair = tasksNode.items[0]!;
  const keyNode = pair.key as Node;
  const id = isScalar(keyNode) ? String(keyNode.value) : '';
  if (!TASK_ID_PATTERN.test(id)) {
    issues.push({ file, line: ctx.lineOf(keyNode), field: 'id', message: `the \`tasks:\` key must be an id matching ${TASK_ID_PATTERN.source}; got ${describeValue(id)}` });
  }
  const result = parseOne(ctx, pair.value as Node, 'tasks-map', { id, line: ctx.lineOf(keyNode) });
  return { tasks: TASK_ID_PATTERN.test(id) ? result.tasks : [], issues: [...issues, ...result.issues] };
}

/** Validates one task's own map against the schema, then normalises it. */
function parseOne(ctx: Ctx, body: Node | null, shape: Task['source']['shape'], keyed: { id: string; line: number } | undefined): { tasks: Task[]; issues: Issue[] } {
  const { file } = ctx;
  if (!isMap(body)) {
    return { tasks: [], issues: [{ file, line: ctx.lineOf(body), ...(keyed ? { field: keyed.id } : {}), message: `must be a map of task fields; got ${describeValue(isScalar(body) ? body.value : isSeq(body) ? [] : null)}` }] };
  }
  const fields = body.toJS(ctx.doc) as Record<string, unknown>;
  const issues = schemaIssues(schemaErrorsOfTask(fields), { file, root: body, lineCounter: ctx.lineCounter });
  const idNode = mapValue(body, 'id');
  let id: string;
  if (keyed) {
    id = keyed.id;
    if (fields.id !== undefined && String(fields.id) !== id) {
      issues.push({ file, line: ctx.lineOf(idNode), field: 'id', message: `\`${String(fields.id)}\` differs from its \`tasks:\` key \`${id}\`` });
    }
  } else {
    if (fields.id === undefined || fields.id === null) {
      return { tasks: [], issues: [...issues, { file, line: ctx.lineOf(body), field: 'id', message: 'is required' }] };
    }
    id = String(fields.id);
    if (!TASK_ID_PATTERN.test(id)) return { tasks: [], issues };
  }
  const built = buildTask({ id, fields, shape, file, dir: ctx.dir, line: keyed?.line ?? ctx.lineOf(idNode), lineOfField: (field, index) => fieldLine(ctx, body, field, index) });
  return { tasks: [built.task], issues: [...issues, ...built.issues] };
}

/** Line of a field's value (or of item `index` of a list field), for normalisation issues. */
function fieldLine(ctx: Ctx, body: Node, field: string, index?: number): number {
  const value = mapValue(body, field) as (Node & { items?: Node[] }) | undefined;
  const item = index !== undefined && value?.items ? value.items[index] : undefined;
  return ctx.lineOf(item ?? value ?? body);
}
