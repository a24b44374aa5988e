/** A GitHub repository as the REST API names it. */
export interface RepositoryRef {
  owner: string;
  name: string;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

/** `owner/name` (GITHUB_REPOSITORY's form), or null when it is not one. */
export function parseRepositorySlug(slug: string): RepositoryRef | null {
  const parts = slug
    .trim()
    .replace(/\.git$/, '')
    .split('/');
  if (parts.length !== 2 || !NAME.test(parts[0]!) || !NAME.test(parts[1]!)) return null;
  return { owner: parts[0]!, name: parts[1]! };
}

/**
 * The repository of a git remote URL: `https://host/owner/name(.git)`, `git@host:owner/name.git`,
 * `ssh://git@host(:port)/owner/name.git`; null for anything else (a local path, for example).
 */
export function parseRemoteUrl(url: string): RepositoryRef | null {
  const text = url.trim();
  const scp = /^[^@/\s]+@[^:/\s]+:(?!\/)(.+)$/.exec(text);
  if (scp) return parseRepositorySlug(scp[1]!);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return null;
  }
  if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:'].includes(parsed.protocol)) return null;
  return parseRepositorySlug(decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, ''));
}

/** GITHUB_REPOSITORY when set, else the origin URL; null when neither names a repository. */
export function resolveRepository(env: NodeJS.ProcessEnv, originUrl: string | null): RepositoryRef | null {
  if (env.GITHUB_REPOSITORY) return parseRepositorySlug(env.GITHUB_REPOSITORY);
  return originUrl ? parseRemoteUrl(originUrl) : null;
}
