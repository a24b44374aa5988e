export { makeTempDir, writeFiles } from './temp-dir';
export { GIT_TEST_ENV, commitFiles, git, initGitRepo } from './git-repo';
export { sendJson, startLoopbackServer, type LoopbackHandler, type LoopbackServer } from './loopback-server';
