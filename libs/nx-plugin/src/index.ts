import { createNodes } from './create-nodes';

export { createNodes };
export const name = '@taskpod/nx-plugin';
/** Nx 23 reads `createNodes`; `createNodesV2` is the same batched tuple under its older name. */
export const createNodesV2 = createNodes;
export { createTaskNodes, type TaskpodPluginOptions } from './create-nodes';
