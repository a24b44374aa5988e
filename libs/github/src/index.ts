export { Octokit, createGitHubClient, githubClientFromEnv } from './create-github-client';
export { resolveRepository } from './parse-repository';
export { openPullRequest } from './open-pull-request';
export { buildPullRequestBody, buildPullRequestTitle, type StackedPullRequest } from './build-pull-request-body';
export { fetchMemoryFile, type LiveMemoryFile } from './fetch-memory-file';
export {
  closePullRequest,
  findOpenPullRequest,
  listPullRequestsOnto,
  readPullRequest,
  type PullRequestOnto,
  type PullRequestState,
} from './close-pull-request';
