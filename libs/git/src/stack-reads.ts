import { type GitContext, runGit } from './run-git';

/** The commit each of `refs` (full names) points at, in one git process; missing refs are absent. */
export async function readRefs(git: GitContext, refs: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (refs.length === 0) return found;
  const out = await runGit(git, ['for-each-ref', '--format=%(objectname) %(refname)', ...refs]);
  const wanted = new Set(refs);
  for (const line of out.split('\n')) {
    const space = line.indexOf(' ');
    // for-each-ref also matches refs below a pattern (refs/heads/a/b for refs/heads/a): exact names only.
    if (space > 0 && wanted.has(line.slice(space + 1))) found.set(line.slice(space + 1), line.slice(0, space));
  }
  return found;
}

/** Those of `commits` that no other of them contains (`git merge-base --independent`), in input order. */
export async function independentCommits(git: GitContext, commits: readonly string[]): Promise<string[]> {
  const unique = [...new Set(commits)];
  if (unique.length < 2) return unique;
  const kept = new Set((await runGit(git, ['merge-base', '--independent', ...unique])).split('\n').filter(Boolean));
  return unique.filter((c) => kept.has(c));
}

export interface CommitSummary {
  commit: string;
  subject: string;
  trailers: Record<string, string>;
}

/** Each commit reachable from `tip` and from none of `exclude`, newest first, with subject and trailers. */
export async function readCommitsBeyond(git: GitContext, tip: string, exclude: readonly string[]): Promise<CommitSummary[]> {
  const text = await runGit(git, ['log', '--format=%H%x1f%s%x1f%(trailers:only,unfold)%x00', tip, ...exclude.map((e) => `^${e}`), '--']);
  return text
    .split('\0')
    .map((block) => block.replace(/^\n+/, ''))
    .filter((block) => block.trim())
    .map((block) => {
      const [commit = '', subject = '', trailers = ''] = block.split('\x1f');
      return { commit, subject, trailers: parseTrailers(trailers) };
    });
}

function parseTrailers(text: string): Record<string, string> {
  const trailers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf(':');
    if (at > 0) trailers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return trailers;
}
