export { makeTempDir, writeFiles } from './temp-dir';
export { GIT_TEST_ENV, agentWorktreeAt, commitFiles, git, gitAt, initGitRepo } from './git-repo';
export { startLoopbackGitHub, type LoopbackGitHub, type LoopbackPullRequest } from './loopback-github';
export { sendJson, startLoopbackServer, type LoopbackHandler, type LoopbackServer } from './loopback-server';
export { makeLogInputs, writeLogInputs } from './make-log-inputs';
export { NOW, PNG, addOrigin, makeWorkspace, writeRun } from './patch-apply-fixtures';
export { TASKPOD_BIN, spawnTaskpod, taskpod, workspace } from './spawn-taskpod';
export { exampleBacklog } from './example-backlog';
export {
  REPO_ROOT,
  cliTestEnv,
  makeNxWorkspace,
  makeNxWorkspaceWithOrigin,
  runNx,
  runNxAsync,
  sortedLines,
  taskHash,
  type NxResult,
  type NxWorkspace,
} from './nx-workspace';
export { runTaskpod } from './run-taskpod';
export { FRAMEWORK_FIXTURE_IDS, frameworkFixture } from './framework-fixture';
export { MCP_TEST_CLIENT, callTool, connectMcpClient, mcpServerEnv } from './mcp-client';
export { startGitHubServer, type FakePull, type GitHubServer } from './github-server';
export { startOpenAiServer, type OpenAiServer } from './openai-server';
export { startNxCacheServer, type NxCacheServer } from './nx-cache-server';
export { startLoopbackWorkspace, type LoopbackWorkspace } from './loopback-workspace';
export { gitCommandsDuring } from './git-commands-during';
