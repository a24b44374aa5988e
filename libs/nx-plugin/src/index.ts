import { createNodes } from './create-nodes';

export { createNodes };
export const name = '@taskpod/nx-plugin';
/** Nx 23 reads `createNodes`; `createNodesV2` is the same batched tuple under its older name. */
export const createNodesV2 = createNodes;
export { createTaskNodes, type TaskpodPluginOptions } from './create-nodes';
export { buildTaskTargets, buildRunInputs, EXECUTOR, BARRIER_TARGET, PROVIDER_ENV, type TaskEdges } from './build-task-targets';
export { buildTaskProject, buildTaskTags } from './build-task-project';
export { buildPhaseBarriers, barrierProjectName, barrierProjectRoot } from './build-phase-barriers';
export { buildWorkspaceNodes } from './build-workspace-nodes';
export { hashTaskFields, BOOKKEEPING_FIELDS } from './task-hash';
