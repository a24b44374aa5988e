import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GitHubError } from '@taskpod/core';
import { sendJson, startLoopbackServer } from '@taskpod/testing';
import { createGitHubClient } from './create-github-client';
import { fetchMemoryFile } from './fetch-memory-file';

const TOKEN = 'ghp_memory_token_never_printed_42';

async function fakeGitHub(t: { after: (fn: () => Promise<void>) => void }, answer: (url: string) => [number, unknown]) {
  const server = await startLoopbackServer((req, res) => {
    const [status, body] = answer(req.url);
    sendJson(res, status, body);
  });
  t.after(server.close);
  return { server, octokit: createGitHubClient({ token: TOKEN, baseUrl: server.url, retries: 0 }) };
}

describe('fetchMemoryFile', () => {
  it('reads a file at a ref through repos.getContent, with its sha', async (t) => {
    const gh = await fakeGitHub(t, () => [
      200,
      { type: 'file', encoding: 'base64', content: Buffer.from('# Rules\nBe kind.\n').toString('base64'), sha: 'abc123', size: 17 },
    ]);
    const file = await fetchMemoryFile(gh.octokit, { repo: 'acme/handbook', path: 'docs/rules.md', ref: 'v2' });
    assert.deepEqual(file, { repo: 'acme/handbook', path: 'docs/rules.md', ref: 'v2', sha: 'abc123', content: '# Rules\nBe kind.\n' });
    assert.equal(gh.server.requests[0].url, '/repos/acme/handbook/contents/docs%2Frules.md?ref=v2');
    assert.equal(gh.server.requests[0].headers.authorization, `token ${TOKEN}`);
  });

  it('a 404 names repo, path and ref; a 401 names GITHUB_TOKEN; neither echoes the token', async (t) => {
    const gh = await fakeGitHub(t, (url) =>
      url.includes('missing') ? [404, { message: 'Not Found' }] : [401, { message: 'Bad credentials' }],
    );
    await assert.rejects(fetchMemoryFile(gh.octokit, { repo: 'acme/handbook', path: 'missing.md', ref: 'main' }), (error: unknown) => {
      assert.ok(error instanceof GitHubError);
      assert.equal(error.status, 404);
      assert.match(error.message, /acme\/handbook:missing\.md@main: not found \(404\)/);
      assert.ok(!error.message.includes(TOKEN));
      return true;
    });
    await assert.rejects(
      fetchMemoryFile(gh.octokit, { repo: 'acme/handbook', path: 'rules.md', ref: null }),
      /acme\/handbook:rules\.md: GITHUB_TOKEN was rejected \(401\)/,
    );
  });

  it('a file over 1 MB (no inline content) is fetched again as raw', async (t) => {
    const server = await startLoopbackServer((req, res) => {
      if (String(req.headers.accept).includes('raw')) {
        res.writeHead(200, { 'content-type': 'application/vnd.github.raw' });
        res.end('big raw text');
        return;
      }
      sendJson(res, 200, { type: 'file', encoding: 'none', content: '', sha: 'big1', size: 2_000_000 });
    });
    t.after(server.close);
    const octokit = createGitHubClient({ token: TOKEN, baseUrl: server.url, retries: 0 });
    const file = await fetchMemoryFile(octokit, { repo: 'acme/handbook', path: 'big.md', ref: null });
    assert.equal(file.content, 'big raw text');
    assert.equal(file.sha, 'big1');
    assert.equal(server.requests.length, 2);
  });

  it('a folder or a bad repo name is a clear error', async (t) => {
    const gh = await fakeGitHub(t, () => [200, [{ type: 'file', name: 'a.md' }]]);
    await assert.rejects(
      fetchMemoryFile(gh.octokit, { repo: 'acme/handbook', path: 'docs', ref: null }),
      /is not a file \(it is a folder\)/,
    );
    await assert.rejects(fetchMemoryFile(gh.octokit, { repo: 'not a repo', path: 'x', ref: null }), /must be owner\/name/);
    assert.equal(gh.server.requests.length, 1);
  });
});
