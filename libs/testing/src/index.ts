export { makeTempDir, writeFiles } from './temp-dir';
export { GIT_TEST_ENV, agentWorktreeAt, commitFiles, git, gitAt, initGitRepo } from './git-repo';
export { sendJson, startLoopbackServer, type LoopbackHandler, type LoopbackServer } from './loopback-server';
export { makeLogInputs, writeLogInputs } from './make-log-inputs';
export { NOW, PNG, addOrigin, makeWorkspace, writeRun } from './patch-apply-fixtures';
export { taskpod, workspace } from './spawn-taskpod';
export { REPO_ROOT, cliTestEnv, makeNxWorkspace, runNx, sortedLines, taskHash, type NxResult, type NxWorkspace } from './nx-workspace';
export { runTaskpod } from './run-taskpod';
export { FRAMEWORK_FIXTURE_IDS, frameworkFixture } from './framework-fixture';
