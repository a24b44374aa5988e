import { Octokit } from 'octokit';

export interface GitHubClientOptions {
  token: string;
  /** `GITHUB_API_URL`; default the public API. */
  baseUrl?: string;
  /** Retries on 5xx and secondary rate limits; tests pass 0 to stay fast. */
  retries?: number;
}

/**
 * The one place an Octokit is made; callers pass the instance down (probot's habit), so tests can
 * point it at a loopback server. The `octokit` package already wires the retry and throttling plugins.
 */
export function createGitHubClient(options: GitHubClientOptions): Octokit {
  const retries = options.retries ?? 3;
  return new Octokit({
    auth: options.token,
    baseUrl: (options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
    userAgent: 'taskpod',
    retry: { enabled: retries > 0, retries },
    throttle: {
      enabled: retries > 0,
      // Wait out a primary or secondary rate limit a bounded number of times, then fail clearly.
      onRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < retries,
      onSecondaryRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < retries,
    },
  });
}

/** Reads the client settings from the environment, or null when `GITHUB_TOKEN` is not set. */
export function githubClientOptionsFromEnv(env: NodeJS.ProcessEnv): GitHubClientOptions | null {
  const token = env.GITHUB_TOKEN;
  if (!token) return null;
  return { token, baseUrl: env.GITHUB_API_URL || undefined };
}

/** The client GITHUB_TOKEN / GITHUB_API_URL describe, or null without a token. */
export function githubClientFromEnv(env: NodeJS.ProcessEnv): Octokit | null {
  const options = githubClientOptionsFromEnv(env);
  return options ? createGitHubClient(options) : null;
}

export type { Octokit };
