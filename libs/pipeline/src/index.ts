export { createStepContext, decideByStatus, type StatusDecision, type StatusRule, type StepContext } from './step-context';
export {
  EXECUTOR_OPTION_NAMING,
  callTaskStep,
  normalizeStepOptions,
  openTaskStep,
  runTaskStep,
  type OpenedStep,
  type OptionNaming,
  type StepIo,
  type StepName,
  type StepOptionsOf,
  type StepOutcome,
  type StepResultOf,
  type StepServices,
  type StepTaskSource,
} from './run-task-step';
export { previewRunRequest, type RunRequestPreview } from './preview-run-request';
export { buildRunRequest, runStep, type ModelCallLimit, type RunStepOptions } from './run-step';
export { patchStep, type PatchStepOptions } from './patch-step';
export { applyStep, type ApplyStepOptions } from './apply-step';
export { logStep, type LogStepOptions, type LogStepResult } from './log-step';
export { submitStep, type SeenRequest, type SubmitStepOptions } from './submit-step';
export { publishAll, type PendingPublish } from './apply-publish';
export { createModelCallLimit } from './model-call-limit';
export { reportingCalls, type CallProgress, type CallProgressEvent } from './call-progress';
export { planUndo, type UndoOptions, type UndoPlan } from './undo-plan';
export { undoStep, type UndoResult } from './undo-step';
export { findUndoDependents, upstreamOf, type UndoDependent } from './undo-dependents';
export { carryOutTaskUndo, planTaskUndo, type TaskUndo, type TaskUndoOutcome } from './undo-task';
export { METRICS_MERGE_DRIVER, configureRecordsMerge } from './records-merge-driver';
