import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { LEDGER_FILE, METRICS_FILE, SPEND_RESERVATIONS, resolveWriteTarget } from '@taskpod/core';
import { readTextIfExists, writeFileAtomic } from '@taskpod/core/atomic-write';
import type { BudgetScope } from './budget-scopes';
import { type BudgetStanding, budgetStandings, exceededBy } from './budget-standings';
import { buildMetrics, formatMetrics } from './build-metrics';
import { formatLedgerLine, parseLedger } from './read-ledger';
import type { SpendEntry } from './spend-entry';
import { spendLinesOf } from './spend-lines';
import { type SpendReservation, formatReservations, isLiveReservation, parseReservations } from './spend-reservations';
import { type LedgerLockOptions, withLedgerLock } from './with-ledger-lock';

/** What a reservation is for: the call's task, pod, phase and run, and its estimate. */
export interface ReservationRequest {
  task_id: string;
  pod: string | null;
  phase: number | null;
  run_id: string | null;
  estimateUsd: number;
  /** How long the call may take at most; the reservation lapses after it. */
  holdMs: number;
  now: Date;
}

export type ReserveResult =
  | { ok: true; id: string; standings: BudgetStanding[] }
  | { ok: false; exceeded: BudgetStanding; standings: BudgetStanding[] };

async function readTarget(root: string, rel: string): Promise<{ abs: string; text: string | null }> {
  const abs = resolveWriteTarget(root, rel);
  return { abs, text: await readTextIfExists(abs, rel) };
}

/**
 * Checks the estimate against every scope and, when it fits, reserves it; both under the ledger lock,
 * so of two processes racing one budget only as many pass as it holds. Spend comes from the ledger
 * (every process's and machine's paid calls), plus the live reservations of calls still in flight.
 */
export function reserveSpend(
  root: string,
  scopes: readonly BudgetScope[],
  request: ReservationRequest,
  lock?: LedgerLockOptions,
): Promise<ReserveResult> {
  return withLedgerLock(
    root,
    async () => {
      const ledger = await readTarget(root, LEDGER_FILE);
      const file = await readTarget(root, SPEND_RESERVATIONS);
      const live = parseReservations(file.text).filter((r) => isLiveReservation(r, request.now));
      const standings = budgetStandings(spendLinesOf(parseLedger(ledger.text ?? '')), live, scopes);
      const exceeded = exceededBy(standings, request.estimateUsd);
      if (exceeded) return { ok: false, exceeded, standings };
      const reservation: SpendReservation = {
        id: randomUUID(),
        task_id: request.task_id,
        pod: request.pod,
        phase: request.phase,
        run_id: request.run_id,
        estimate_usd: request.estimateUsd,
        pid: process.pid,
        host: hostname(),
        at: request.now.toISOString(),
        expires_at: new Date(request.now.getTime() + request.holdMs).toISOString(),
      };
      await writeFileAtomic(file.abs, formatReservations([...live, reservation]));
      return { ok: true, id: reservation.id, standings };
    },
    lock,
  );
}

/**
 * Records one paid request: its spend line appended to the ledger (once: a line with its key is not
 * added again), metrics recomputed, and its reservation, if any, dropped; all in one lock turn. Called
 * as soon as the answer arrives, before it is checked or stored, so no later failure loses the spend.
 */
export function recordSpend(root: string, entry: SpendEntry, reservationId: string | null, lock?: LedgerLockOptions): Promise<void> {
  return withLedgerLock(
    root,
    async () => {
      const ledger = await readTarget(root, LEDGER_FILE);
      const text = ledger.text ?? '';
      const lines = parseLedger(text);
      if (!lines.some((line) => line.key === entry.key)) {
        lines.push(entry);
        await writeFileAtomic(ledger.abs, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${formatLedgerLine(entry)}`);
        const metrics = await readTarget(root, METRICS_FILE);
        const next = formatMetrics(buildMetrics(lines));
        if (next !== metrics.text) await writeFileAtomic(metrics.abs, next);
      }
      if (reservationId !== null) await dropReservation(root, reservationId);
    },
    lock,
  );
}

/** Gives a reservation back (the call failed before any answer arrived: nothing was paid). */
export function releaseSpend(root: string, reservationId: string, lock?: LedgerLockOptions): Promise<void> {
  return withLedgerLock(root, () => dropReservation(root, reservationId), lock);
}

async function dropReservation(root: string, id: string): Promise<void> {
  const file = await readTarget(root, SPEND_RESERVATIONS);
  const now = new Date();
  const all = parseReservations(file.text);
  const kept = all.filter((r) => r.id !== id && isLiveReservation(r, now));
  if (kept.length !== all.length) await writeFileAtomic(file.abs, formatReservations(kept));
}

/** Where each scope stands now (for `show` and summaries): the ledger's spend and live reservations. */
export async function readBudgetStandings(root: string, scopes: readonly BudgetScope[], now = new Date()): Promise<BudgetStanding[]> {
  const ledger = await readTextIfExists(path.join(root, LEDGER_FILE), LEDGER_FILE);
  const reservations = await readTextIfExists(path.join(root, SPEND_RESERVATIONS), SPEND_RESERVATIONS);
  return standingsFrom(ledger, reservations, scopes, now);
}

/** readBudgetStandings for callers that cannot wait (`show`'s description is built in one pass). */
export function readBudgetStandingsSync(root: string, scopes: readonly BudgetScope[], now = new Date()): BudgetStanding[] {
  const read = (rel: string) => {
    try {
      return readFileSync(path.join(root, rel), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  };
  return standingsFrom(read(LEDGER_FILE), read(SPEND_RESERVATIONS), scopes, now);
}

function standingsFrom(ledger: string | null, reservations: string | null, scopes: readonly BudgetScope[], now: Date): BudgetStanding[] {
  const live = parseReservations(reservations).filter((r) => isLiveReservation(r, now));
  return budgetStandings(spendLinesOf(parseLedger(ledger ?? '')), live, scopes);
}
