import { GitHubError, redactSecrets } from '@taskpod/core';
import type { Octokit } from 'octokit';
import type { RepositoryRef } from './parse-repository';

/** A pull request as undo needs it: where it stands, and what a merge made of it. */
export interface PullRequestState {
  number: number;
  url: string;
  state: 'open' | 'closed' | 'merged';
  head: string;
  base: string;
  /** The commit GitHub's merge made on the base branch (merge, squash or rebase), when merged. */
  mergeCommit: string | null;
}

/** Reads one pull request (`pulls.get`). */
export async function readPullRequest(octokit: Octokit, repo: RepositoryRef, number: number): Promise<PullRequestState> {
  try {
    const { data } = await octokit.rest.pulls.get({ owner: repo.owner, repo: repo.name, pull_number: number });
    const merged = data.merged === true || Boolean(data.merged_at);
    return {
      number: data.number,
      url: data.html_url,
      state: merged ? 'merged' : data.state === 'open' ? 'open' : 'closed',
      head: data.head.ref,
      base: data.base.ref,
      mergeCommit: merged ? (data.merge_commit_sha ?? null) : null,
    };
  } catch (error) {
    throw await undoError(octokit, error, `read pull request #${number} of ${repo.owner}/${repo.name}`);
  }
}

/** The open pull request whose head is `head`, or null (for a PR opened by an apply that was stopped before recording it). */
export async function findOpenPullRequest(octokit: Octokit, repo: RepositoryRef, head: string): Promise<number | null> {
  try {
    const { data } = await octokit.rest.pulls.list({
      owner: repo.owner,
      repo: repo.name,
      head: `${repo.owner}:${head}`,
      state: 'open',
      per_page: 10,
    });
    return data[0]?.number ?? null;
  } catch (error) {
    throw await undoError(octokit, error, `list the pull requests for ${head} in ${repo.owner}/${repo.name}`);
  }
}

/** An open pull request whose base is a given branch: GitHub closes it when that branch is deleted. */
export interface PullRequestOnto {
  number: number;
  url: string;
  head: string;
}

/** The open pull requests that target `base` (stacked on it), oldest first. */
export async function listPullRequestsOnto(octokit: Octokit, repo: RepositoryRef, base: string): Promise<PullRequestOnto[]> {
  try {
    const data = await octokit.paginate(octokit.rest.pulls.list, {
      owner: repo.owner,
      repo: repo.name,
      base,
      state: 'open',
      per_page: 100,
    });
    return data.map((p) => ({ number: p.number, url: p.html_url, head: p.head.ref })).sort((a, b) => a.number - b.number);
  } catch (error) {
    throw await undoError(octokit, error, `list the pull requests onto ${base} in ${repo.owner}/${repo.name}`);
  }
}

/** Comments on the pull request (saying why), then closes it; closing a closed one changes nothing. */
export async function closePullRequest(octokit: Octokit, repo: RepositoryRef, number: number, comment: string): Promise<void> {
  try {
    await octokit.rest.issues.createComment({ owner: repo.owner, repo: repo.name, issue_number: number, body: comment });
    await octokit.rest.pulls.update({ owner: repo.owner, repo: repo.name, pull_number: number, state: 'closed' });
  } catch (error) {
    throw await undoError(octokit, error, `close pull request #${number} of ${repo.owner}/${repo.name}`);
  }
}

const HINTS: Record<number, string> = {
  401: 'GITHUB_TOKEN was rejected (bad or expired credentials); set a valid token.',
  403: 'GITHUB_TOKEN may not change pull requests here (it needs `pull-requests: write`), or a rate limit was hit.',
  404: "the pull request or repository was not found; check GITHUB_REPOSITORY (or the origin URL) and the token's access.",
};

async function undoError(octokit: Octokit, error: unknown, what: string): Promise<GitHubError> {
  const e = error as { status?: number; message?: string; response?: { data?: { message?: string } } };
  const status = typeof e.status === 'number' ? e.status : undefined;
  const hint = status !== undefined && HINTS[status] ? ` Fix: ${HINTS[status]}` : '';
  const auth = (await Promise.resolve(octokit.auth()).catch(() => undefined)) as { token?: string } | undefined;
  const text = `Could not ${what}: ${status ?? 'no response'} ${e.response?.data?.message ?? e.message ?? String(error)}.${hint}`;
  return new GitHubError(redactSecrets(text, { ...process.env, ...(auth?.token ? { GITHUB_TOKEN: auth.token } : {}) }), status, {
    cause: error,
  });
}
