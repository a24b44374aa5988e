import { PRIORITIES, TASK_STATUSES, type Priority, type TaskStatus } from './types';

const CROSS_PHASE = /cross[\s_-]*phase/i;

/**
 * The numeric phase of `2`, `"2"` or `"Phase 2 - Development"`; null for cross-phase work
 * (`Cross-Phase`, `Phase 0 - Cross-Phase`, any case) and strings without a number.
 */
export function normalisePhase(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 0 ? raw : null;
  if (typeof raw !== 'string' || CROSS_PHASE.test(raw)) return null;
  const digits = /\d+/.exec(raw);
  return digits ? Number(digits[0]) : null;
}

/**
 * An explicit `status` wins, except a not-started one (`backlog`, `pending`, and the framework's words
 * for them): then the original framework's `done: true` / `ready: true` flags say more, as they do there.
 */
export function normaliseStatus(fields: Record<string, unknown>): TaskStatus {
  const written = TASK_STATUSES.includes(fields.status as TaskStatus) ? (fields.status as TaskStatus) : undefined;
  if (written !== undefined && written !== 'backlog' && written !== 'pending') return written;
  if (fields.done === true) return 'done';
  if (fields.ready === true) return 'ready';
  return written ?? 'backlog';
}

/** `true` is the original framework's manual priority flag: high. Absent or `false`: medium. */
export function normalisePriority(raw: unknown): Priority {
  if (raw === true) return 'high';
  if (PRIORITIES.includes(raw as Priority)) return raw as Priority;
  return 'medium';
}

/** One path or a list of paths as a list. */
export function toList(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  return (Array.isArray(raw) ? raw : [raw]).map(String);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An ISO 8601 string as written (trimmed); a Date (from a YAML 1.1 timestamp) as ISO, a date
 * staying a date. `invalid` is set when the text has the right shape but no such day or time exists.
 */
export function normaliseTimestamp(raw: unknown): { value: string | null; invalid?: boolean } {
  if (raw === undefined || raw === null) return { value: null };
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return { value: null, invalid: true };
    const iso = raw.toISOString();
    return { value: iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso };
  }
  const text = String(raw).trim();
  return { value: text, ...(isRealTimestamp(text) ? {} : { invalid: true }) };
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Rejects 2024-02-30 and 25:00, which the schema's pattern lets through (arithmetic, no Date: it runs per task). */
function isRealTimestamp(text: string): boolean {
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && !leap ? 28 : DAYS_IN_MONTH[m - 1]!))) return false;
  if (DATE_ONLY.test(text)) return true;
  const time = /^(\d{2}):(\d{2})(?::(\d{2}))?/.exec(text.slice(11));
  if (!time) return false;
  return Number(time[1]) < 24 && Number(time[2]) < 60 && Number(time[3] ?? 0) < 61;
}
