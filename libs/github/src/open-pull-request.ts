import { GitHubError, redactSecrets } from '@taskpod/core';
import type { Octokit } from 'octokit';
import type { RepositoryRef } from './parse-repository';

export interface PullRequestInput {
  repo: RepositoryRef;
  /** Branch name in `repo` holding the changes. */
  head: string;
  /** Branch the pull request merges into. */
  base: string;
  title: string;
  body: string;
}

export interface PullRequestResult {
  number: number;
  url: string;
  /** False when an open pull request for `head` already existed and was updated. */
  created: boolean;
}

/**
 * Opens a pull request for `head`, or updates the open one (never a duplicate): it looks first, and
 * a 422 "A pull request already exists" from a race is answered by looking again and updating.
 */
export async function openPullRequest(octokit: Octokit, input: PullRequestInput): Promise<PullRequestResult> {
  const where = `${input.repo.owner}/${input.repo.name}`;
  try {
    const existing = await findOpenPullRequest(octokit, input);
    if (existing) return await updatePullRequest(octokit, input, existing);
    try {
      const { data } = await octokit.rest.pulls.create({
        owner: input.repo.owner,
        repo: input.repo.name,
        head: input.head,
        base: input.base,
        title: input.title,
        body: input.body,
      });
      return { number: data.number, url: data.html_url, created: true };
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      const raced = await findOpenPullRequest(octokit, input);
      if (!raced) throw error;
      return await updatePullRequest(octokit, input, raced);
    }
  } catch (error) {
    throw toGitHubError(error, where, input.head, await clientToken(octokit));
  }
}

/** The client's own token, so an API that echoes it back cannot leak it into our message. */
async function clientToken(octokit: Octokit): Promise<string | undefined> {
  const auth = (await Promise.resolve(octokit.auth()).catch(() => undefined)) as { token?: string } | undefined;
  return auth?.token;
}

async function findOpenPullRequest(octokit: Octokit, input: PullRequestInput): Promise<number | null> {
  const { data } = await octokit.rest.pulls.list({
    owner: input.repo.owner,
    repo: input.repo.name,
    head: `${input.repo.owner}:${input.head}`,
    state: 'open',
    per_page: 10,
  });
  return data[0]?.number ?? null;
}

async function updatePullRequest(octokit: Octokit, input: PullRequestInput, number: number): Promise<PullRequestResult> {
  const { data } = await octokit.rest.pulls.update({
    owner: input.repo.owner,
    repo: input.repo.name,
    pull_number: number,
    // The base too: a stacked PR moves to the base branch once the one below it is merged.
    base: input.base,
    title: input.title,
    body: input.body,
  });
  return { number: data.number, url: data.html_url, created: false };
}

function isAlreadyExists(error: unknown): boolean {
  const e = error as { status?: number; response?: { data?: unknown } };
  return e.status === 422 && /already exists/i.test(JSON.stringify(e.response?.data ?? ''));
}

const HINTS: Record<number, string> = {
  401: 'GITHUB_TOKEN was rejected (bad or expired credentials); set a valid token.',
  403: 'GITHUB_TOKEN may not open pull requests here (it needs `pull-requests: write` and `contents: read`), or a rate limit was hit.',
  404: "the repository was not found or GITHUB_TOKEN cannot see it; check GITHUB_REPOSITORY (or the origin URL) and the token's access.",
};

/** A GitHubError that says what failed, the likely fix, and that the pushed branch is kept. */
export function toGitHubError(error: unknown, where: string, head: string, token?: string): GitHubError {
  const e = error as { status?: number; message?: string; response?: { data?: { message?: string; errors?: unknown } } };
  const status = typeof e.status === 'number' ? e.status : undefined;
  const apiMessage = e.response?.data?.message ?? e.message ?? String(error);
  const details = e.response?.data?.errors ? ` ${JSON.stringify(e.response.data.errors)}` : '';
  const hint = status !== undefined && HINTS[status] ? ` Fix: ${HINTS[status]}` : '';
  const text = `Could not open or update the pull request for ${head} in ${where}: ${status ?? 'no response'} ${apiMessage}${details}.${hint} The pushed branch ${head} is kept; run apply again to retry the pull request.`;
  return new GitHubError(redactSecrets(text, { ...process.env, ...(token ? { GITHUB_TOKEN: token } : {}) }), status, { cause: error });
}
