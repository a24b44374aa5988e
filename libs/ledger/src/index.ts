export type { LedgerEntry } from './build-ledger-entry';
export { readLogInputs } from './read-log-inputs';
export { logPatch } from './log-patch';
export type { LogInputs } from './build-ledger-entry';
export { setTaskStatus } from './set-task-status';
export { writeTaskStatuses, type StatusTask, type TaskStatusChange } from './write-task-statuses';
export { reopenTask, type ReopenResult } from './reopen-task';
export { parseLedger, readLedger } from './read-ledger';
export { buildMetrics, formatMetrics, type Metrics, type MetricsBucket } from './build-metrics';
