import { TASK_STATUSES, orderQueue, sortInQueueOrder, type ApplyRecord, type Task, type TaskStatus } from '@taskpod/core';
import type { ReportEntry } from './read-report-inputs';
import { phaseName } from './build-spend';
import { isPatchEntry } from './spend-events';

export interface BoardTask {
  id: string;
  description: string;
  status: TaskStatus;
  priority: string;
  /** What holds an open task back: `depends_on` tasks not done, then earlier-phase tasks (the barrier). */
  blockedBy: string[];
  prUrl: string | null;
  prNumber: number | null;
  branch: string | null;
}

export interface BoardPhase {
  name: string;
  /** Tasks per status in this phase, in TASK_STATUSES order, only the statuses present. */
  counts: [TaskStatus, number][];
  pods: { pod: string; tasks: BoardTask[] }[];
}

const OPEN = (s: TaskStatus) => s !== 'done' && s !== 'cancelled';

/**
 * What blocks each open task, by core's queue rule. orderQueue answers for ready tasks only, so
 * every open task is asked about as if ready: the rule reads only which tasks are done or cancelled,
 * which that leaves as it is.
 */
function blockersOf(tasks: readonly Task[], phaseBarrier: boolean): Map<string, string[]> {
  const asReady = tasks.map((t) => (OPEN(t.status) && t.status !== 'ready' ? { ...t, status: 'ready' as const } : t));
  return new Map(orderQueue(asReady, { phaseBarrier }).map((e) => [e.id, e.blocked_by] as const));
}

/** The newest PR a task's ledger entries name, for a task whose apply record is gone. */
function prsFromLedger(entries: readonly ReportEntry[]): Map<string, { url: string | null; number: number | null }> {
  const prs = new Map<string, { url: string | null; number: number | null }>();
  for (const e of entries) {
    if (isPatchEntry(e) && (e.pr_url || typeof e.pr_number === 'number'))
      prs.set(e.task_id, { url: e.pr_url ?? null, number: e.pr_number ?? null });
  }
  return prs;
}

function countStatuses(tasks: readonly Task[]): [TaskStatus, number][] {
  return TASK_STATUSES.map((s) => [s, tasks.filter((t) => t.status === s).length] as [TaskStatus, number]).filter(([, n]) => n > 0);
}

/** Pure: every task by phase (numbered first, then none) and pod (by name, none last), in queue order within. */
export function buildBoard(
  tasks: readonly Task[],
  applies: ReadonlyMap<string, ApplyRecord>,
  entries: readonly ReportEntry[],
  phaseBarrier: boolean,
): BoardPhase[] {
  const blockers = blockersOf(tasks, phaseBarrier);
  const ledgerPrs = prsFromLedger(entries);
  const phases = new Map<number | null, Task[]>();
  for (const t of sortInQueueOrder([...tasks])) {
    if (!phases.has(t.phase)) phases.set(t.phase, []);
    phases.get(t.phase)!.push(t);
  }
  const phaseKeys = [...phases.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a - b));
  return phaseKeys.map((phase) => {
    const list = phases.get(phase)!;
    const pods = new Map<string, BoardTask[]>();
    for (const t of list) {
      const pod = t.pod ?? 'none';
      if (!pods.has(pod)) pods.set(pod, []);
      const apply = applies.get(t.id);
      const pr = apply ? { url: apply.pr_url, number: apply.pr_number } : (ledgerPrs.get(t.id) ?? { url: null, number: null });
      pods.get(pod)!.push({
        id: t.id,
        description: t.description,
        status: t.status,
        priority: t.priority,
        blockedBy: OPEN(t.status) ? (blockers.get(t.id) ?? []) : [],
        prUrl: pr.url,
        prNumber: pr.number,
        branch: apply?.branch ?? null,
      });
    }
    const podNames = [...pods.keys()].sort((a, b) => (a === 'none' ? 1 : b === 'none' ? -1 : a < b ? -1 : a > b ? 1 : 0));
    return {
      name: phase === null ? 'No phase' : phaseName(phase),
      counts: countStatuses(list),
      pods: podNames.map((pod) => ({ pod, tasks: pods.get(pod)! })),
    };
  });
}
