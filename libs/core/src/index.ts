export {
  TASK_STATUSES,
  type ApplyRecord,
  type StackedOn,
  type FailureRecord,
  type MemoryEntry,
  type ModelReply,
  type PatchFileStat,
  type PatchMeta,
  type RunRecord,
  type Task,
  type TaskStatus,
} from './types';
export {
  GitError,
  BudgetError,
  GitHubError,
  InternalError,
  ProviderError,
  TaskpodError,
  UsageError,
  UserError,
  ValidationError,
  describeTaskpodError,
  formatIssue,
  type Issue,
} from './errors';
export { MIN_SECRET_LENGTH, isSecretEnvName, redactSecrets, redactSecretsIn, redactUrl, secretValues } from './redact-secrets';
export {
  LEDGER_FILE,
  LEDGER_LOCK,
  LOGS_DIR,
  MANAGED_PATHS_TEXT,
  METRICS_FILE,
  PATCHES_DIR,
  REPLY_STORE_DIR,
  SPEND_RESERVATIONS,
  TASKS_DIR,
  TRACE_LOG,
  isManagedPath,
  patchFileNames,
  replyLockPath,
  replyPath,
  taskPaths,
  toWorkspacePath,
} from './paths';
export { resolveRealPath, type RealPath } from './resolve-real-path';
export { resolveInsideWorkspace, workspaceConfinementProblem, type PathSource } from './resolve-inside-workspace';
export {
  DEFAULT_CONFIG,
  PLUGIN_NAME,
  PLUGIN_NAMES,
  buildConfig,
  buildConfigFromNxJson,
  findPluginEntry,
  parseNxJson,
  readConfig,
  type TaskpodConfig,
} from './config';
export { checkBudgets, parseUsd, type Budgets } from './budgets';
export { makeTask } from './make-task';
export { taskFieldValues, type TaskFieldValues } from './task-field-values';
export { compileOutputGlob, matchesOutputs } from './output-globs';
export { parseTaskFile } from './parse-task-file';
export { sortInQueueOrder } from './compare-queue-order';
export { validateTasks } from './validate-tasks';
export { buildTaskGraph, type TaskDependency } from './build-task-graph';
export {
  errorIssues,
  findTaskFiles,
  loadTask,
  loadWorkspace,
  unknownTaskIdError,
  type LoadWorkspaceOptions,
  type Workspace,
} from './load-workspace';
export { matchesTasksGlob, tasksGlobBase } from './tasks-glob';
export { readTaskMemory } from './read-task-memory';
export { orderQueue, type QueueEntry } from './order-queue';
export { selectNextTask } from './select-next-task';
export { explainTaskBlockers, type TaskBlockers } from './explain-task-blockers';
export { HUMAN_FEEDBACK_HEADING, extractHumanFeedback, findHumanFeedbackHeading } from './human-feedback';
export { TASK_ID_MAX_LENGTH, TASK_ID_PATTERN, assertTaskId, validateTaskId } from './validate-task-id';
export { decodeUtf8, invalidUtf8Offset } from './decode-utf8';
export { yamlToJsIssue } from './yaml-to-js-issue';
export { resolveWriteTarget } from './resolve-write-target';
export { knownStatusWords, resolveStatusWord, type StatusAliases } from './status-aliases';
export { applyTaskTemplate, resolveFrameworkTasks, workspaceFiles } from './resolve-instance-of';
export { commandReplacing } from './command-only-task';
export { closestMatches, didYouMean, matchIgnoringCase } from './suggest';
export { formatErrorText } from './format-error-text';
export { listRows, type ListFilter } from './list-rows';
