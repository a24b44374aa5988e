// `"plugin": "taskpod/nx-plugin"` in nx.json: the host depends on `taskpod` alone, so the plugin is
// reached through it; @taskpod/nx-plugin resolves from here whether or not the package manager hoists it.
export { createNodes, createNodesV2, name } from '@taskpod/nx-plugin';
