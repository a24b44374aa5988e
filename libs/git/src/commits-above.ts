import { type GitContext, runGit } from './run-git';

export interface CommitInfo {
  commit: string;
  subject: string;
  trailers: Record<string, string>;
}

/** Each commit reachable from `tip` but from none of `bases` (unknown bases are skipped), newest first. */
export async function commitsAbove(git: GitContext, tip: string, bases: readonly string[]): Promise<CommitInfo[]> {
  const known: string[] = [];
  for (const base of bases) {
    const ok = await runGit(git, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`]).catch(() => '');
    if (ok) known.push(ok);
  }
  const text = await runGit(git, ['log', '--format=%H%n%s%n%(trailers:only,unfold)%x00', tip, '--not', ...known, '--']);
  return text
    .split('\0')
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => {
      const [commit = '', subject = '', ...lines] = block.split('\n');
      const trailers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) trailers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
      }
      return { commit, subject, trailers };
    });
}

/** The first line of a commit's message. */
export async function commitSubject(git: GitContext, commit: string): Promise<string> {
  return runGit(git, ['log', '-1', '--format=%s', commit, '--']);
}
