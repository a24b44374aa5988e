import { type LoopbackServer, sendJson, startLoopbackServer } from './loopback-server';

/** A pull request as the loopback GitHub keeps it, in the REST API's own field names. */
export interface FakePull {
  number: number;
  state: 'open' | 'closed';
  merged: boolean;
  merged_at: string | null;
  merge_commit_sha: string | null;
  title: string;
  body: string;
  head: { ref: string };
  base: { ref: string };
  html_url: string;
  comments: string[];
}

export interface GitHubServer extends LoopbackServer {
  pulls: FakePull[];
  /** Marks a pull request merged by GitHub (its merge commit is the test's to make). */
  merge: (number: number, mergeCommit: string) => void;
  /** Requests that change something (not GET). */
  writes: () => string[];
}

/**
 * A loopback GitHub REST API holding pull requests in memory, answering pulls.list (by head, base and state), create, get and
 * update and issues.createComment as api.github.com does (422 for a second open PR on one head), so
 * the real octokit client can be pointed at it.
 */
export async function startGitHubServer(): Promise<GitHubServer> {
  const pulls: FakePull[] = [];
  const server = await startLoopbackServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const body = (req.json ?? {}) as Record<string, string>;
    const list = /^\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(url.pathname);
    const one = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/.exec(url.pathname);
    const comment = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const find = (n: string) => pulls.find((p) => p.number === Number(n));
    if (list && req.method === 'GET') {
      const head = url.searchParams.get('head');
      const base = url.searchParams.get('base');
      const state = url.searchParams.get('state') ?? 'open';
      return sendJson(
        res,
        200,
        pulls.filter(
          (p) => (!head || `${list[1]}:${p.head.ref}` === head) && (!base || p.base.ref === base) && (state === 'all' || p.state === state),
        ),
      );
    }
    if (list && req.method === 'POST') {
      if (pulls.some((p) => p.head.ref === body.head && p.state === 'open'))
        return sendJson(res, 422, {
          message: 'Validation Failed',
          errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${list[1]}:${body.head}.` }],
        });
      const number = pulls.length + 1;
      const pr: FakePull = {
        number,
        state: 'open',
        merged: false,
        merged_at: null,
        merge_commit_sha: null,
        title: body.title ?? '',
        body: body.body ?? '',
        head: { ref: body.head ?? '' },
        base: { ref: body.base ?? '' },
        html_url: `https://github.example/${list[1]}/${list[2]}/pull/${number}`,
        comments: [],
      };
      pulls.push(pr);
      return sendJson(res, 201, pr);
    }
    if (one && (req.method === 'GET' || req.method === 'PATCH')) {
      const pr = find(one[3]!);
      if (!pr) return sendJson(res, 404, { message: 'Not Found' });
      if (req.method === 'PATCH') {
        if (body.state === 'closed' || body.state === 'open') pr.state = body.state;
        if (body.title !== undefined) pr.title = body.title;
        if (body.body !== undefined) pr.body = body.body;
      }
      return sendJson(res, 200, pr);
    }
    if (comment && req.method === 'POST') {
      const pr = find(comment[3]!);
      if (!pr) return sendJson(res, 404, { message: 'Not Found' });
      pr.comments.push(body.body ?? '');
      return sendJson(res, 201, { id: pr.comments.length, body: body.body });
    }
    sendJson(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  });
  return {
    ...server,
    pulls,
    merge: (number, mergeCommit) => {
      const pr = pulls.find((p) => p.number === number)!;
      Object.assign(pr, { state: 'closed', merged: true, merged_at: '2026-11-24T12:00:00Z', merge_commit_sha: mergeCommit });
    },
    writes: () => server.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${new URL(r.url, 'http://x').pathname}`),
  };
}
