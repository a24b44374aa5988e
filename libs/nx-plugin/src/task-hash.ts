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
  const keys = Object.keys(task.fields).filter((key) => !BOOKKEEPING.has(key));
  if (!keys.includes('id')) keys.push('id');
  keys.sort();
  // The same text stableJson would give for the object, without building the object first.
  const parts: string[] = [];
  for (const key of keys) parts.push(`${JSON.stringify(key)}:${stableJson(key === 'id' ? (task.fields.id ?? task.id) : task.fields[key])}`);
  return hash('sha256', `{${parts.join(',')}}`, 'hex').slice(0, 32);
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
