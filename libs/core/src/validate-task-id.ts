import { UserError } from './errors';

export const TASK_ID_MAX_LENGTH = 100;

/**
 * the id rule (docs/file-formats.md, task.yaml) as one regular expression, for the JSON Schema (editors show it) and for quick tests:
 * a letter or digit, then letters, digits, `.`, `_`, `-`; at most 100 characters; no `..`; not ending
 * in `.` or `.lock`. That is exactly what stays one plain path segment (never `.` or `..`), one argv
 * word that cannot be read as an option, and a branch name git accepts after `taskpod/`.
 * validateTaskId says which part an id breaks; the two must agree (a core test checks it).
 */
export const TASK_ID_PATTERN = /^(?!.*\.\.)(?!.*\.lock$)(?!.*\.$)[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const ALLOWED = /^[A-Za-z0-9._-]*$/;

/** Why `id` is not a task id, in words for an issue (`id: ${reason}`), or undefined when it is one. */
export function validateTaskId(id: string): string | undefined {
  if (id === '') return 'must not be empty';
  if (id.length > TASK_ID_MAX_LENGTH) return `must be at most ${TASK_ID_MAX_LENGTH} characters; got ${id.length}`;
  if (!ALLOWED.test(id)) {
    const bad = [...id].find((c) => !ALLOWED.test(c))!;
    return `may hold only letters A-Z a-z, digits, \`.\`, \`_\` and \`-\`; got ${showId(id)}, which holds ${showChar(bad)}`;
  }
  if (id.startsWith('-')) return `must not start with \`-\` (it would read as a command-line option); got ${showId(id)}`;
  if (id === '.' || id === '..')
    return `must not be \`.\` or \`..\` (as a path segment it names a folder, not a task's own); got ${showId(id)}`;
  if (!/^[A-Za-z0-9]/.test(id)) return `must start with a letter or a digit; got ${showId(id)}`;
  if (id.includes('..')) return `must not contain \`..\`; got ${showId(id)}`;
  if (id.endsWith('.lock')) return `must not end in \`.lock\` (git reserves it; the task's branch is taskpod/<id>); got ${showId(id)}`;
  if (id.endsWith('.')) return `must not end in \`.\` (git refuses such a branch name); got ${showId(id)}`;
  return undefined;
}

/**
 * Throws unless `id` is a task id. Every path and argv built from an id goes through this, so an
 * id that skipped validation (a command-line argument, a hand-edited record) can never name
 * `.patches/..` or reach a subprocess as an option.
 */
export function assertTaskId(id: string): string {
  const reason = typeof id === 'string' ? validateTaskId(id) : `must be a string; got ${typeof id}`;
  if (reason !== undefined) {
    throw new UserError(`Not a task id: ${showId(String(id))}.`, {
      expected:
        'the id rule (docs/file-formats.md, task.yaml): [A-Za-z0-9][A-Za-z0-9._-]*, at most 100 characters, no `..`, not ending in `.` or `.lock`',
      received: reason,
    });
  }
  return id;
}

/** An id as it can be shown safely: JSON quotes make control characters, NUL and spaces visible. */
export function showId(id: string): string {
  const short = id.length > 120 ? `${id.slice(0, 117)}...` : id;
  return /^[\x21-\x7e]*$/.test(short) ? `\`${short}\`` : JSON.stringify(short);
}

function showChar(c: string): string {
  const code = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return /^[\x21-\x7e]$/.test(c) ? `\`${c}\` (${code})` : code;
}
