export { createStepContext, decideByStatus, type StepContext } from './step-context';
export { buildRunRequest, runStep, type ModelCallLimit, type RunStepOptions } from './run-step';
export { patchStep, type PatchStepOptions } from './patch-step';
export { applyStep, type ApplyStepOptions } from './apply-step';
export { logStep } from './log-step';
export { submitStep, type SeenRequest, type SubmitStepOptions } from './submit-step';
export { publishAll, type PendingPublish } from './apply-publish';
export { createModelCallLimit } from './model-call-limit';
export { reportingCalls, type CallProgress, type CallProgressEvent } from './call-progress';
