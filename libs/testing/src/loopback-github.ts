import { execFileSync } from 'node:child_process';
import { sendJson, startLoopbackServer, type LoopbackServer } from './loopback-server';

export interface LoopbackPullRequest {
  number: number;
  state: 'open' | 'closed';
  title: string;
  body: string;
  head: { ref: string };
  base: { ref: string };
  html_url: string;
}

export interface LoopbackGitHub {
  server: LoopbackServer;
  url: string;
  pulls: LoopbackPullRequest[];
  close: () => Promise<void>;
}

/**
 * A loopback GitHub REST server for the TypeScript tests, answering pulls.list / create / update as
 * api.github.com does (the TypeScript twin of tools/e2e/github-server.mjs): a second open PR for a
 * head is a 422, and with `origin` (a bare repository) a head or base branch it lacks is a 422 too,
 * as GitHub refuses a PR onto a branch that was never pushed.
 */
export async function startLoopbackGitHub(options: { origin?: string } = {}): Promise<LoopbackGitHub> {
  const pulls: LoopbackPullRequest[] = [];
  const missing = (branch: string) => {
    if (!options.origin) return false;
    try {
      execFileSync('git', ['--git-dir', options.origin, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  };
  const invalid = (message: string) => ({ message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'invalid', message }] });
  const server = await startLoopbackServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const body = (req.json ?? {}) as Record<string, string>;
    const many = /^\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(url.pathname);
    const one = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/.exec(url.pathname);
    if (many && req.method === 'GET') {
      const head = url.searchParams.get('head');
      const state = url.searchParams.get('state') ?? 'open';
      return sendJson(
        res,
        200,
        pulls.filter((p) => (!head || `${many[1]}:${p.head.ref}` === head) && (state === 'all' || p.state === state)),
      );
    }
    if (many && req.method === 'POST') {
      if (pulls.some((p) => p.head.ref === body.head && p.state === 'open'))
        return sendJson(res, 422, invalid(`A pull request already exists for ${many[1]}:${body.head}.`));
      for (const branch of [body.head!, body.base!]) if (missing(branch)) return sendJson(res, 422, invalid(`${branch} does not exist`));
      const number = pulls.length + 1;
      const pr: LoopbackPullRequest = {
        number,
        state: 'open',
        title: body.title!,
        body: body.body!,
        head: { ref: body.head! },
        base: { ref: body.base! },
        html_url: `https://github.example/${many[1]}/${many[2]}/pull/${number}`,
      };
      pulls.push(pr);
      return sendJson(res, 201, pr);
    }
    if (one && req.method === 'PATCH') {
      const pr = pulls.find((p) => p.number === Number(one[3]));
      if (!pr) return sendJson(res, 404, { message: 'Not Found' });
      if (body.base && missing(body.base)) return sendJson(res, 422, invalid(`${body.base} does not exist`));
      const { base, ...rest } = body;
      Object.assign(pr, rest, base ? { base: { ref: base } } : {});
      return sendJson(res, 200, pr);
    }
    sendJson(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  });
  return { server, url: server.url, pulls, close: server.close };
}
