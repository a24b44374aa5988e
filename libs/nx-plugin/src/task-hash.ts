import { hash } from 'node:crypto';
import type { Task } from '@taskpod/core';

/** Fields that record progress rather than what the model is asked; editing them must not bust the cache. */
export const BOOKKEEPING_FIELDS = ['status', 'updated_at', 'ready', 'done'] as const;
const BOOKKEEPING = new Set<string>(BOOKKEEPING_FIELDS);

/**
 * Hash of the task's fields as written, without bookkeeping. Stored in the `run` target's options at
 * graph time, so Nx hashes it for free (a `runtime` input would spawn a process per task).
 */
export function hashTaskFields(task: Task): string {
  return hash('sha256', taskFieldsText(task), 'hex').slice(0, 32);
}

/** What hashTaskFields hashes: the fields without bookkeeping, as stableJson would write them. */
export function taskFieldsText(task: Task): string {
  const keys = Object.keys(task.fields).filter((key) => !BOOKKEEPING.has(key));
  if (!keys.includes('id')) keys.push('id');
  keys.sort();
  const fieldValue = (key: string) => (key === 'id' ? (task.fields.id ?? task.id) : task.fields[key]);
  // One JSON.stringify of a key-sorted copy writes the same text as stableJson key by key, faster;
  // a value it could write differently (see sortedCopy) takes stableJson's way.
  const sorted: Record<string, unknown> = {};
  for (const key of keys) {
    const copy = sortedCopy(fieldValue(key));
    if (copy === DIFFERS || !plainKey(key)) return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(fieldValue(k))}`).join(',')}}`;
    sorted[key] = copy;
  }
  return JSON.stringify(sorted);
}

const DIFFERS = Symbol('differs');
/** Keys a fresh object keeps in insertion order and as own data: not array indices, not `__proto__`. */
const plainKey = (key: string) => key !== '__proto__' && !/^\d/.test(key);

/** The value with its objects' keys sorted, for JSON.stringify; DIFFERS where that would not write what stableJson writes. */
function sortedCopy(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'undefined':
      return null;
    case 'object':
      break;
    default:
      return DIFFERS;
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const item = i in value ? sortedCopy(value[i]) : DIFFERS; // stableJson leaves a hole empty
      if (item === DIFFERS) return DIFFERS;
      out.push(item);
    }
    return out;
  }
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = sortedCopy((value as Record<string, unknown>)[key]);
    if (item === DIFFERS || !plainKey(key)) return DIFFERS;
    out[key] = item;
  }
  return out;
}

/** JSON with object keys sorted, so key order in the file does not change the hash. */
export function stableJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
