import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sendJson, startLoopbackServer, type LoopbackHandler } from '@taskpod/testing';
import { createGitHubClient } from './create-github-client';
import { openPullRequest } from './open-pull-request';

const TOKEN = 'ghp_testtoken_never_printed_1234';
const input = { repo: { owner: 'acme', name: 'shop' }, head: 'taskpod/T1', base: 'main', title: 'T1: add login', body: 'body' };
const pr = (number: number) => ({ number, html_url: `https://github.test/acme/shop/pull/${number}` });

/** A loopback GitHub REST API: `open` holds the open PRs for the head branch. */
async function fakeGitHub(t: { after: (fn: () => Promise<void>) => void }, answer: (route: string) => [number, unknown] | undefined) {
  const handler: LoopbackHandler = (req, res) => {
    const route = `${req.method} ${req.url.split('?')[0]}`;
    const reply = answer(route);
    if (!reply) return sendJson(res, 500, { message: `unexpected ${route}` });
    sendJson(res, reply[0], reply[1]);
  };
  const server = await startLoopbackServer(handler);
  t.after(server.close);
  const octokit = createGitHubClient({ token: TOKEN, baseUrl: server.url, retries: 0 });
  return { server, octokit, routes: () => server.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`) };
}

describe('openPullRequest', () => {
  it('creates a pull request when none is open for the branch (201)', async (t) => {
    const gh = await fakeGitHub(t, (route) =>
      route === 'GET /repos/acme/shop/pulls' ? [200, []] : route === 'POST /repos/acme/shop/pulls' ? [201, pr(7)] : undefined,
    );
    assert.deepEqual(await openPullRequest(gh.octokit, input), { number: 7, url: pr(7).html_url, created: true });
    const list = gh.server.requests[0]!;
    assert.match(list.url, /head=acme%3Ataskpod%2FT1/);
    assert.match(list.url, /state=open/);
    assert.equal(list.headers.authorization, `token ${TOKEN}`);
    assert.deepEqual(gh.server.requests[1]!.json, { head: 'taskpod/T1', base: 'main', title: 'T1: add login', body: 'body' });
  });

  it('updates the open pull request instead of opening a second one', async (t) => {
    const gh = await fakeGitHub(t, (route) =>
      route === 'GET /repos/acme/shop/pulls' ? [200, [pr(3)]] : route === 'PATCH /repos/acme/shop/pulls/3' ? [200, pr(3)] : undefined,
    );
    assert.deepEqual(await openPullRequest(gh.octokit, input), { number: 3, url: pr(3).html_url, created: false });
    assert.deepEqual(gh.routes(), ['GET /repos/acme/shop/pulls', 'PATCH /repos/acme/shop/pulls/3']);
  });

  it('answers a 422 "already exists" race by finding and updating that pull request', async (t) => {
    let lists = 0;
    const gh = await fakeGitHub(t, (route) => {
      if (route === 'GET /repos/acme/shop/pulls') return [200, lists++ === 0 ? [] : [pr(9)]];
      if (route === 'POST /repos/acme/shop/pulls')
        return [
          422,
          {
            message: 'Validation Failed',
            errors: [{ resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for acme:taskpod/T1.' }],
          },
        ];
      if (route === 'PATCH /repos/acme/shop/pulls/9') return [200, pr(9)];
      return undefined;
    });
    assert.deepEqual(await openPullRequest(gh.octokit, input), { number: 9, url: pr(9).html_url, created: false });
    assert.deepEqual(gh.routes(), [
      'GET /repos/acme/shop/pulls',
      'POST /repos/acme/shop/pulls',
      'GET /repos/acme/shop/pulls',
      'PATCH /repos/acme/shop/pulls/9',
    ]);
  });

  for (const [status, hint] of [
    [401, /bad or expired credentials/],
    [403, /pull-requests: write/],
    [404, /not found or GITHUB_TOKEN cannot see it/],
    [502, /502 Bad gateway/],
  ] as const) {
    it(`turns a ${status} into a GitHubError with a fix, keeping the branch, without the token`, async (t) => {
      const gh = await fakeGitHub(t, () => [status, { message: status === 502 ? 'Bad gateway' : `Nope ${TOKEN}` }]);
      await assert.rejects(openPullRequest(gh.octokit, input), (error: Error & { status?: number }) => {
        assert.equal(error.name, 'GitHubError');
        assert.equal(error.status, status);
        assert.match(error.message, hint);
        assert.match(error.message, /The pushed branch taskpod\/T1 is kept/);
        assert.doesNotMatch(error.message, new RegExp(TOKEN));
        return true;
      });
      assert.equal(gh.server.requests.length, 1, 'retries are off in tests');
    });
  }
});
