import type { ErrorObject } from 'ajv';
import type { LineCounter, Node } from 'yaml';
import type { Issue } from './errors';
import { TASK_ID_PATTERN, validateTaskId } from './validate-task-id';
import { fieldName, lineAt, offsetOfPath, pointerSegments } from './yaml-locate';

/**
 * Turns ajv errors into issues with file, line and field; drops the summary errors ajv adds for
 * `if`/`then` so each problem is reported once, in words a task author understands.
 */
export function schemaIssues(
  errors: readonly ErrorObject[],
  at: { file: string; root: Node | null | undefined; lineCounter: LineCounter; prefix?: string[] },
): Issue[] {
  const issues: Issue[] = [];
  for (const error of errors) {
    if (error.keyword === 'if') continue;
    const segments = pointerSegments(error.instancePath);
    const missing = error.keyword === 'required' ? String(error.params.missingProperty) : undefined;
    const offset = offsetOfPath(at.root, segments);
    const field = fieldName(missing ? [...segments, missing] : segments);
    issues.push({
      file: at.file,
      line: lineAt(at.lineCounter, offset),
      ...(field ? { field: [...(at.prefix ?? []), field].join('.') } : {}),
      message: describeSchemaError(error),
    });
  }
  return issues;
}

function describeSchemaError(error: ErrorObject): string {
  const got = describeValue(error.data);
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).filter((v) => typeof v === 'string').join(', ')}; got ${got}`;
    case 'type':
      return `must be ${String(error.params.type)
        .split(',')
        .map((t) => TYPE_WORDS[t] ?? t)
        .join(' or ')}; got ${got}`;
    case 'pattern':
      // The id rule is one regex in the schema; validateTaskId says which part of it an id breaks.
      if (error.params.pattern === TASK_ID_PATTERN.source) return validateTaskId(String(error.data)) ?? `must be a task id; got ${got}`;
      return error.instancePath.endsWith('_at')
        ? `must be an ISO 8601 date or date-time (2024-05-01 or 2024-05-01T10:00:00Z); got ${got}`
        : `must match ${error.params.pattern}; got ${got}`;
    case 'minimum':
      return `must be ${error.params.comparison} ${error.params.limit}; got ${got}`;
    case 'minLength':
      return `must not be empty`;
    default:
      return `${error.message ?? 'is invalid'}; got ${got}`;
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map',
  null: 'empty',
};

/** `` `value` (type) `` for messages, short enough for one line. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  const type = Array.isArray(value) ? 'list' : typeof value === 'object' ? 'map' : typeof value;
  if (type === 'list' || type === 'map') return `a ${type}`;
  const text = String(value);
  return `\`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\` (${type})`;
}
