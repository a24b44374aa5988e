import { hostname } from 'node:os';

/** A budget reservation of one model call in flight: its estimate counts until its spend entry is written. */
export interface SpendReservation {
  id: string;
  task_id: string;
  pod: string | null;
  phase: number | null;
  run_id: string | null;
  estimate_usd: number;
  /** The process that holds it, so a crashed holder's reservation is dropped at once on its machine. */
  pid: number;
  host: string;
  at: string;
  /** After this a reservation no longer counts, whoever holds it (a call cannot last longer). */
  expires_at: string;
}

/** Pure: the reservations of a `.logs/.spend-reservations.json` text (a damaged file holds none: it is scratch). */
export function parseReservations(text: string | null): SpendReservation[] {
  if (text === null) return [];
  try {
    const value = JSON.parse(text) as { reservations?: unknown };
    return Array.isArray(value.reservations) ? (value.reservations as SpendReservation[]) : [];
  } catch {
    return [];
  }
}

export const formatReservations = (reservations: readonly SpendReservation[]) => `${JSON.stringify({ reservations }, null, 2)}\n`;

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a reservation still counts: not expired, and its process alive when it is on this machine. */
export function isLiveReservation(r: SpendReservation, now: Date): boolean {
  if (!(Date.parse(r.expires_at) > now.getTime())) return false;
  return r.host !== hostname() || processIsAlive(r.pid);
}
