import { GitHubError } from '@taskpod/core';
import type { Octokit } from './create-github-client';
import { parseRepositorySlug } from './parse-repository';

/** A live memory entry: a file in a GitHub repository, at a ref or the default branch. */
export interface LiveMemoryRef {
  repo: string;
  path: string;
  ref: string | null;
}

export interface LiveMemoryFile extends LiveMemoryRef {
  content: string;
  /** Blob sha GitHub reported, so a run record says exactly which version the model saw. */
  sha: string | null;
}

/**
 * Fetches one live memory file through `repos.getContent`. A failure is a GitHubError naming the
 * repository, path and ref, with the usual fix for its status.
 */
export async function fetchMemoryFile(octokit: Octokit, entry: LiveMemoryRef): Promise<LiveMemoryFile> {
  const where = `${entry.repo}:${entry.path}${entry.ref ? `@${entry.ref}` : ''}`;
  const slug = parseRepositorySlug(entry.repo);
  if (!slug) throw new GitHubError(`Live memory ${where}: \`repo\` must be owner/name, got ${JSON.stringify(entry.repo)}.`);
  const params = { owner: slug.owner, repo: slug.name, path: entry.path.replace(/^\/+/, ''), ...(entry.ref ? { ref: entry.ref } : {}) };
  let data: unknown;
  try {
    ({ data } = await octokit.rest.repos.getContent(params));
  } catch (error) {
    const status = (error as { status?: number }).status;
    throw new GitHubError(`Could not fetch live memory ${where}: ${reasonFor(status)}`, status, { cause: error });
  }
  if (Array.isArray(data) || (data as { type?: string }).type !== 'file') {
    throw new GitHubError(
      `Live memory ${where} is not a file (it is a ${Array.isArray(data) ? 'folder' : (data as { type?: string }).type}); name a file in \`path\`.`,
    );
  }
  const file = data as { content?: string; encoding?: string; sha?: string; size?: number };
  let content: string;
  if (file.encoding === 'base64' && typeof file.content === 'string') content = Buffer.from(file.content, 'base64').toString('utf8');
  else content = await fetchRaw(octokit, params, where);
  return { repo: entry.repo, path: entry.path, ref: entry.ref, sha: file.sha ?? null, content };
}

/** Files over 1 MB come without inline content; the raw media type returns them. */
async function fetchRaw(
  octokit: Octokit,
  params: { owner: string; repo: string; path: string; ref?: string },
  where: string,
): Promise<string> {
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { ...params, mediaType: { format: 'raw' } });
    return typeof data === 'string' ? data : Buffer.from(data as unknown as ArrayBuffer).toString('utf8');
  } catch (error) {
    const status = (error as { status?: number }).status;
    throw new GitHubError(`Could not fetch live memory ${where}: ${reasonFor(status)}`, status, { cause: error });
  }
}

function reasonFor(status: number | undefined): string {
  if (status === 404) return 'not found (404). Check repo, path and ref, and that GITHUB_TOKEN can read the repository.';
  if (status === 401) return 'GITHUB_TOKEN was rejected (401). Check that it is valid and not expired.';
  if (status === 403) return "access denied or rate limited (403). Check the token's scopes.";
  if (status === undefined) return 'no response from GitHub. Check GITHUB_API_URL and the network.';
  return `GitHub answered ${status}.`;
}
