import type { ApplyRecord, RunRecord, Task, TaskStatus } from '@taskpod/core';
import type { ReportEntry } from './read-report-inputs';
import { entryTime, isPatchEntry } from './spend-events';

export interface DurationRow {
  pod: string;
  runs: number;
  totalS: number;
  meanS: number;
  medianS: number;
  maxS: number;
}

export interface RunRow {
  taskId: string;
  pod: string;
  status: TaskStatus | null;
  startedAt: string;
  provider: string;
  model: string;
  /** The reply came from the reply store: no model was paid. */
  fromStore: boolean;
  tokensIn: number;
  tokensOut: number;
  costUsd: number | null;
  durationS: number;
  prUrl: string | null;
  prNumber: number | null;
}

export interface Activity {
  /** Tasks first logged on each UTC day, oldest first, days without any included between. */
  donePerDay: { day: number; done: number }[];
  durations: DurationRow[];
  lastRuns: RunRow[];
}

const DAY_MS = 86_400_000;
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
/** An entry a later `undo` marked: the task no longer counts as done. */
const isUndone = (e: ReportEntry): boolean => e.undone === true || typeof e.undone_at === 'string';

function donePerDay(entries: readonly ReportEntry[]): Activity['donePerDay'] {
  const firstDone = new Map<string, number>();
  for (const e of entries) {
    const at = entryTime(e);
    if (!isPatchEntry(e) || isUndone(e) || at === null) continue;
    if (!firstDone.has(e.task_id) || at < firstDone.get(e.task_id)!) firstDone.set(e.task_id, at);
  }
  if (firstDone.size === 0) return [];
  const days = [...firstDone.values()].map((ms) => Math.floor(ms / DAY_MS) * DAY_MS);
  const first = Math.min(...days);
  const last = Math.max(...days);
  const out: Activity['donePerDay'] = [];
  for (let day = first; day <= last; day += DAY_MS) out.push({ day, done: days.filter((d) => d === day).length });
  return out;
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Model-step durations of logged patches, by pod. */
function durations(entries: readonly ReportEntry[]): DurationRow[] {
  const byPod = new Map<string, number[]>();
  for (const e of entries) {
    if (!isPatchEntry(e)) continue;
    const pod = typeof e.pod === 'string' && e.pod !== '' ? e.pod : 'none';
    if (!byPod.has(pod)) byPod.set(pod, []);
    byPod.get(pod)!.push(num(e.duration_s));
  }
  return [...byPod.keys()].sort().map((pod) => {
    const list = byPod.get(pod)!.sort((a, b) => a - b);
    const total = list.reduce((s, v) => s + v, 0);
    return { pod, runs: list.length, totalS: total, meanS: total / list.length, medianS: median(list), maxS: list[list.length - 1]! };
  });
}

/** The newest run record of each task, newest first, at most `limit`. */
function lastRuns(
  tasks: readonly Task[],
  runs: ReadonlyMap<string, RunRecord>,
  applies: ReadonlyMap<string, ApplyRecord>,
  limit: number,
): RunRow[] {
  const byId = new Map(tasks.map((t) => [t.id, t] as const));
  return [...runs.values()]
    .filter((r) => typeof r.task_id === 'string')
    .sort((a, b) => (Date.parse(b.started_at) || 0) - (Date.parse(a.started_at) || 0))
    .slice(0, limit)
    .map((r) => {
      const task = byId.get(r.task_id);
      const apply = applies.get(r.task_id);
      return {
        taskId: r.task_id,
        pod: task?.pod ?? 'none',
        status: task?.status ?? null,
        startedAt: r.started_at,
        provider: String(r.provider ?? '-'),
        model: String(r.model ?? '-'),
        fromStore: r.from_store === true,
        tokensIn: num(r.tokens_in),
        tokensOut: num(r.tokens_out),
        costUsd: typeof r.cost_usd === 'number' && Number.isFinite(r.cost_usd) ? r.cost_usd : null,
        durationS: num(r.duration_s),
        prUrl: apply?.pr_url ?? null,
        prNumber: apply?.pr_number ?? null,
      };
    });
}

/** Pure: throughput, durations and the last runs. */
export function buildActivity(
  tasks: readonly Task[],
  entries: readonly ReportEntry[],
  runs: ReadonlyMap<string, RunRecord>,
  applies: ReadonlyMap<string, ApplyRecord>,
  limit = 20,
): Activity {
  return { donePerDay: donePerDay(entries), durations: durations(entries), lastRuns: lastRuns(tasks, runs, applies, limit) };
}
