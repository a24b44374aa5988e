import type { Task } from '@taskpod/core';
import { taskBudget, type Budgets } from './budgets-from';
import type { SpendEvent } from './spend-events';

/** The spend of one group (a pod, a phase, a model, a task, or the whole workspace). */
export interface SpendSeries {
  name: string;
  calls: number;
  /** Calls with no known price: their cost is unknown, not 0. */
  unknownCalls: number;
  /** Sum of the known costs. */
  costUsd: number;
  tokensIn: number;
  tokensOut: number;
  /** Cumulative known cost after each timed call, in time order. */
  points: { at: number; usd: number }[];
  budget: number | null;
}

export interface SpendView {
  total: SpendSeries;
  byPod: SpendSeries[];
  byPhase: SpendSeries[];
  byModel: SpendSeries[];
  /** Every task that spent, most expensive first. */
  byTask: SpendSeries[];
  /** The time span the charts share: first and last timed call. */
  start: number | null;
  end: number | null;
}

export const phaseName = (phase: number | null): string => (phase === null ? 'No phase' : `Phase ${phase}`);

/** Micro-dollars while summing, so many small costs do not drift with float error. */
function seriesOf(name: string, events: readonly SpendEvent[], budget: number | null): SpendSeries {
  let micro = 0;
  let unknownCalls = 0;
  let tokensIn = 0;
  let tokensOut = 0;
  const points: SpendSeries['points'] = [];
  for (const e of events) {
    if (e.costUsd === null) unknownCalls += 1;
    else micro += Math.round(e.costUsd * 1e6);
    tokensIn += e.tokensIn;
    tokensOut += e.tokensOut;
    if (e.at !== null) points.push({ at: e.at, usd: micro / 1e6 });
  }
  return { name, calls: events.length, unknownCalls, costUsd: micro / 1e6, tokensIn, tokensOut, points, budget };
}

function groupBy<K>(events: readonly SpendEvent[], keyOf: (e: SpendEvent) => K): Map<K, SpendEvent[]> {
  const groups = new Map<K, SpendEvent[]>();
  for (const e of events) {
    const key = keyOf(e);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(e);
  }
  return groups;
}

const byName = (a: string, b: string) => (a === 'none' ? 1 : b === 'none' ? -1 : a < b ? -1 : a > b ? 1 : 0);

/** Pure: spend by pod, phase, model and task, each over time, with the budget that applies to it. */
export function buildSpend(events: readonly SpendEvent[], tasks: readonly Task[], budgets: Budgets | null): SpendView {
  const timed = [...events].sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
  const pods = groupBy(timed, (e) => e.pod);
  const phases = groupBy(timed, (e) => e.phase);
  const models = groupBy(timed, (e) => e.model);
  const taskById = new Map(tasks.map((t) => [t.id, t] as const));
  const times = timed.flatMap((e) => (e.at === null ? [] : [e.at]));
  const phaseKeys = [...phases.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a - b));
  return {
    total: seriesOf('Workspace', timed, budgets?.workspace ?? null),
    byPod: [...pods.keys()].sort(byName).map((pod) => seriesOf(pod, pods.get(pod)!, budgets?.pods.get(pod) ?? null)),
    byPhase: phaseKeys.map((phase) =>
      seriesOf(phaseName(phase), phases.get(phase)!, phase === null ? null : (budgets?.phases.get(phase) ?? null)),
    ),
    byModel: [...models.keys()].sort(byName).map((model) => seriesOf(model, models.get(model)!, null)),
    byTask: [...groupBy(timed, (e) => e.taskId)]
      .map(([id, list]) => seriesOf(id, list, taskBudget(taskById.get(id)?.fields ?? {}, budgets)))
      .sort((a, b) => b.costUsd - a.costUsd || b.tokensIn + b.tokensOut - (a.tokensIn + a.tokensOut) || byName(a.name, b.name)),
    start: times.length > 0 ? times[0]! : null,
    end: times.length > 0 ? times[times.length - 1]! : null,
  };
}
