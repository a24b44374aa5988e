import { type BudgetScope, inScope } from './budget-scopes';
import type { SpendLine } from './spend-lines';
import type { SpendReservation } from './spend-reservations';

/** Where one cap stands: what was spent against it, what calls in flight hold, what is left. */
export interface BudgetStanding {
  scope: BudgetScope;
  spentUsd: number;
  /** Estimates of calls in flight (other processes' reservations). */
  reservedUsd: number;
  /** Paid calls in scope whose cost is unknown: not in `spentUsd`. */
  unknownCalls: number;
  /** Never below 0. */
  leftUsd: number;
}

const micro = (usd: number) => Math.round(usd * 1e6);

/** Pure: the standing of each scope, in micro-dollars underneath so a cap is met exactly. */
export function budgetStandings(
  spend: readonly SpendLine[],
  reservations: readonly SpendReservation[],
  scopes: readonly BudgetScope[],
): BudgetStanding[] {
  return scopes.map((scope) => {
    const mine = spend.filter((line) => inScope(scope, line));
    const spent = mine.reduce((n, line) => n + (line.cost_usd === null ? 0 : micro(line.cost_usd)), 0);
    const reserved = reservations.filter((r) => inScope(scope, r)).reduce((n, r) => n + micro(r.estimate_usd), 0);
    return {
      scope,
      spentUsd: spent / 1e6,
      reservedUsd: reserved / 1e6,
      unknownCalls: mine.filter((line) => line.cost_usd === null).length,
      leftUsd: Math.max(0, micro(scope.limitUsd) - spent - reserved) / 1e6,
    };
  });
}

/** Pure: the first cap an estimate would pass (estimate > what is left), or null when it fits them all. */
export function exceededBy(standings: readonly BudgetStanding[], estimateUsd: number): BudgetStanding | null {
  return standings.find((s) => micro(estimateUsd) > micro(s.scope.limitUsd) - micro(s.spentUsd) - micro(s.reservedUsd)) ?? null;
}
