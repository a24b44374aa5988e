import { isDeepStrictEqual } from 'node:util';
import { Document, Scalar, isScalar, parseDocument, type Pair, type YAMLMap } from 'yaml';
import { UserError, yamlToJsIssue, type TaskStatus } from '@taskpod/core';
import { findTaskMap, type TaskFileTarget } from './find-task-map';

export interface SetTaskStatusResult {
  text: string;
  /** Fields set, in order, e.g. `['status', 'updated_at']` or `['done', 'ready', 'updated_at']`. */
  changed: string[];
}

/** What the framework's `done:`/`ready:` flags can say without a `status` (none set is backlog). */
const FLAG_STATUSES: readonly TaskStatus[] = ['done', 'ready', 'backlog'];

/**
 * Pure: the task.yaml text with the task's status set and `updated_at` stamped, or null when the
 * file already says so. A file that tracks state with `done:`/`ready:` flags and no `status` keeps
 * that shape (`done: true`, `ready: false`) for the statuses the flags can say: adding a `status`
 * there would outlive the flags and silently override a person who later flips them back. Any other
 * status is written as `status`, with the flags cleared so they cannot contradict it.
 *
 * Each change is a node edit found through the yaml Document API and spliced into the original
 * text at the node's source range, because `Document#toString` reflows folded scalars, comment
 * spacing and sequence indentation. The result is re-parsed and checked against the same edit made
 * with `setIn` on a parsed Document; if they ever disagree, that Document's `toString` is used.
 */
export function setTaskStatus(text: string, target: TaskFileTarget, status: TaskStatus, updatedAt: string): SetTaskStatusResult | null {
  const original = parse(text, target);
  const edits = statusEdits(findTaskMap(original, text, target), status);
  if (edits.length === 0) return null;
  edits.push(['updated_at', updatedAt]);

  const expected = parse(text, target);
  for (const [key, value] of edits) findTaskMap(expected, text, target).set(key, value);
  let out: string | null = text;
  try {
    for (const [key, value] of edits) out = spliceSet(out, target, key, value);
  } catch {
    out = null; // a shape the splice does not handle (flow map, block value): use the Document
  }
  const check = out === null ? null : parseDocument(out);
  const same = check !== null && check.errors.length === 0 && isDeepStrictEqual(check.toJS(), expected.toJS());
  return { text: same ? out! : expected.toString({ lineWidth: 0 }), changed: edits.map(([key]) => key) };
}

/** The fields to set so the task reads as `status`, in order; only those whose value differs. */
function statusEdits(map: YAMLMap, status: TaskStatus): [string, unknown][] {
  const has = (key: string) => map.has(key);
  const flagsOnly = !has('status') && (has('done') || has('ready')) && FLAG_STATUSES.includes(status);
  const want: [string, unknown][] = [];
  if (!flagsOnly) want.push(['status', status]);
  // With flags only, the flag that says the status is added when missing; present flags always follow.
  if (has('done') || (flagsOnly && status === 'done')) want.push(['done', status === 'done']);
  if (has('ready') || (flagsOnly && status === 'ready')) want.push(['ready', status === 'ready']);
  return want.filter(([key, value]) => map.get(key) !== value);
}

function parse(text: string, target: TaskFileTarget): Document.Parsed {
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    throw new UserError(`${target.file}${line ? `:${line}` : ''}: cannot update the task: ${error.message.split('\n')[0]}`);
  }
  try {
    doc.toJS(); // the check below expands aliases: an alias bomb must be a named error, not a ReferenceError
  } catch (thrown) {
    const issue = yamlToJsIssue(thrown, target.file);
    if (!issue) throw thrown;
    throw new UserError(`${target.file}: cannot update the task: ${issue.message}`);
  }
  return doc;
}

/** Replaces the value of `key` in place, or inserts `key: value` on a new line after a neighbour. */
function spliceSet(text: string, target: TaskFileTarget, key: string, value: unknown): string {
  const map = findTaskMap(parseDocument(text), text, target);
  if (map.flow) throw new Error('flow map');
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  if (pair && isScalar(pair.value) && pair.value.range) {
    const [start, end] = pair.value.range;
    return text.slice(0, start) + renderScalar(value, pair.value.type) + text.slice(end);
  }
  if (pair) throw new Error(`${key} is not a scalar`);
  return insertAfterNeighbour(text, map, key, value);
}

const NEIGHBOURS: Record<string, string[]> = {
  status: ['pod', 'pod_owner', 'phase', 'priority', 'id', 'title'],
  done: ['ready'],
  ready: ['done'],
  updated_at: ['created_at', 'status', 'done', 'ready'],
};

function insertAfterNeighbour(text: string, map: YAMLMap, key: string, value: unknown): string {
  const singleLine = (p: Pair) =>
    isScalar(p.key) && isScalar(p.value) && p.key.range && p.value.range && !text.slice(p.key.range[0], p.value.range[1]).includes('\n');
  const candidates = map.items.filter(singleLine) as Pair<Scalar, Scalar>[];
  const byName = (name: string) => candidates.find((p) => p.key.value === name);
  const anchor = (NEIGHBOURS[key] ?? []).map(byName).find(Boolean) ?? candidates[candidates.length - 1];
  if (!anchor) throw new Error('no single-line neighbour');
  const keyStart = anchor.key.range![0];
  const indent = ' '.repeat(keyStart - (text.lastIndexOf('\n', keyStart - 1) + 1));
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let at = text.indexOf('\n', anchor.value!.range![1]);
  if (at === -1) at = text.length;
  else if (text[at - 1] === '\r') at -= 1;
  const created = isScalar(map.get('created_at', true)) ? (map.get('created_at', true) as Scalar).type : undefined;
  const type = key === 'updated_at' && created !== 'PLAIN' ? created : undefined;
  return `${text.slice(0, at)}${eol}${indent}${key}: ${renderScalar(value, type)}${text.slice(at)}`;
}

/** The yaml library's own rendering of one scalar in the given style (it quotes when it must). */
function renderScalar(value: unknown, type: Scalar['type']): string {
  const node = new Scalar(value);
  if (type && typeof value === 'string' && type !== 'BLOCK_FOLDED' && type !== 'BLOCK_LITERAL') node.type = type;
  return new Document(node).toString().trimEnd();
}
