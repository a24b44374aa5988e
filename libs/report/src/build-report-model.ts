import { TASK_STATUSES, type TaskStatus } from '@taskpod/core';
import { buildMetrics, type MetricsBucket } from '@taskpod/ledger';
import { buildActivity, type Activity } from './build-activity';
import { buildBoard, type BoardPhase } from './build-board';
import { buildSpend, type SpendView } from './build-spend';
import type { Budgets } from './budgets-from';
import type { ReportInputs } from './read-report-inputs';
import { buildSpendEvents } from './spend-events';

/** What the page shows, computed; rendering only formats it. */
export interface ReportModel {
  title: string;
  generatedAt: Date;
  /** The same numbers as `metrics/metrics.yaml`'s `totals`: both come from buildMetrics over the ledger. */
  totals: MetricsBucket;
  taskCount: number;
  statusCounts: [TaskStatus, number][];
  board: BoardPhase[];
  spend: SpendView;
  activity: Activity;
  budgets: Budgets | null;
  notes: string[];
}

/** Pure: the report of the inputs. */
export function buildReportModel(inputs: ReportInputs): ReportModel {
  const { tasks, entries } = inputs;
  const statusCounts = TASK_STATUSES.map((s) => [s, tasks.filter((t) => t.status === s).length] as [TaskStatus, number]).filter(
    ([, n]) => n > 0,
  );
  return {
    title: inputs.title,
    generatedAt: inputs.now,
    totals: buildMetrics(entries).totals,
    taskCount: tasks.length,
    statusCounts,
    board: buildBoard(tasks, inputs.applies, entries, inputs.phaseBarrier),
    spend: buildSpend(buildSpendEvents(entries, tasks), tasks, inputs.budgets),
    activity: buildActivity(tasks, entries, inputs.runs, inputs.applies),
    budgets: inputs.budgets,
    notes: inputs.notes,
  };
}
