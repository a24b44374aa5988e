import { type GitContext, runGit, runGitResult } from './run-git';

export interface CommitMessageInput {
  subject: string;
  body?: string;
  /** `Key: value` lines at the end of the message, in this order. */
  trailers?: Record<string, string>;
}

/** Subject (first line only), optional body, then a trailer block git's `interpret-trailers` reads. */
export function buildCommitMessage(input: CommitMessageInput): string {
  const [subject = '', ...rest] = input.subject.trim().split('\n');
  const body = [rest.join('\n').trim(), input.body?.trim() ?? ''].filter(Boolean).join('\n\n');
  const trailers = Object.entries(input.trailers ?? {}).map(([key, value]) => `${key}: ${value.replace(/\s+/g, ' ').trim()}`);
  return `${[subject.trim(), body, trailers.join('\n')].filter(Boolean).join('\n\n')}\n`;
}

/** Whether the index of `git.cwd` (or the one `git.env.GIT_INDEX_FILE` names) differs from `commit`. */
export async function indexDiffersFrom(git: GitContext, commit: string): Promise<boolean> {
  const result = await runGitResult(git, ['diff-index', '--cached', '--quiet', commit, '--'], { okExitCodes: [1] });
  return result.exitCode === 1;
}

/** Writes the index of `git.cwd` (or the one `git.env.GIT_INDEX_FILE` names) as a tree and returns its id. */
export async function writeTree(git: GitContext): Promise<string> {
  return runGit(git, ['write-tree'], { what: 'Could not write a tree from the index.' });
}

/**
 * A commit of `tree` with `parent` as its only parent; moves no ref and runs no hooks. Author and
 * committer come from `git.env` (GIT_AUTHOR_NAME, ...) or else the repository's config.
 */
export async function commitTree(git: GitContext, tree: string, parent: string, message: CommitMessageInput): Promise<string> {
  return runGit(git, ['commit-tree', tree, '-p', parent, '-F', '-'], {
    input: buildCommitMessage(message),
    what: 'Could not create the commit (is user.name and user.email configured?).',
  });
}

/**
 * Commits the index of `git.cwd` with `parent` as the only parent, without moving HEAD or running hooks
 * (plumbing: write-tree + commit-tree), and returns the new commit id.
 */
export async function commit(git: GitContext, parent: string, message: CommitMessageInput): Promise<string> {
  return commitTree(git, await writeTree(git), parent, message);
}

/** The trailers of a commit's message as a map (later keys win). */
export async function readTrailers(git: GitContext, commitId: string): Promise<Record<string, string>> {
  return parseTrailerLines(await runGit(git, ['log', '-1', '--format=%(trailers:only,unfold)', commitId]));
}

/** Each commit reachable from `tip` but not from `base`, newest first, with its trailers. */
export async function readTrailersSince(
  git: GitContext,
  base: string,
  tip: string,
): Promise<{ commit: string; trailers: Record<string, string> }[]> {
  const text = await runGit(git, ['log', '--format=%H%n%(trailers:only,unfold)%x00', `${base}..${tip}`, '--']);
  return text
    .split('\0')
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => {
      const [commit = '', ...lines] = block.split('\n');
      return { commit, trailers: parseTrailerLines(lines.join('\n')) };
    });
}

function parseTrailerLines(text: string): Record<string, string> {
  const trailers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf(':');
    if (at > 0) trailers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return trailers;
}
