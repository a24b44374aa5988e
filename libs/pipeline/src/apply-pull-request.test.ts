import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { makeTask, type ApplyRecord } from '@taskpod/core';
import { createGitHubClient } from '@taskpod/github';
import { addOrigin, git, makeWorkspace, sendJson, startLoopbackServer, writeRun } from '@taskpod/testing';
import { applyStep } from './apply-step';
import { patchStep } from './patch-step';

const TOKEN = 'ghs_looptoken_0123456789';
const task = makeTask({ id: 'T1', pod: 'QAPod', outputs: ['src/**'] });

/** A loopback GitHub that keeps open pull requests per head branch, or answers every call with `failWith`. */
async function fakeGitHub(t: { after: (fn: () => Promise<void>) => void }) {
  const state = { failWith: 0, prs: [] as { number: number; head: string; title: string; body: string }[] };
  const server = await startLoopbackServer((req, res) => {
    if (state.failWith) return sendJson(res, state.failWith, { message: 'Bad credentials' });
    const url = new URL(req.url, 'http://x');
    const body = req.json as Record<string, string>;
    if (req.method === 'GET' && url.pathname === '/repos/acme/shop/pulls') {
      const head = url.searchParams.get('head')!.replace(/^acme:/, '');
      return sendJson(
        res,
        200,
        state.prs.filter((p) => p.head === head).map((p) => ({ number: p.number, html_url: `https://gh.test/acme/shop/pull/${p.number}` })),
      );
    }
    // GitHub's own check, answered the way GitHub answers it.
    if ([...(body?.title ?? '')].length > 256)
      return sendJson(res, 422, {
        message: 'Validation Failed',
        errors: [{ resource: 'PullRequest', code: 'custom', message: 'title is too long (maximum is 256 characters)' }],
      });
    if (req.method === 'POST' && url.pathname === '/repos/acme/shop/pulls') {
      const pr = { number: 40 + state.prs.length, head: body.head!, title: body.title!, body: body.body! };
      state.prs.push(pr);
      return sendJson(res, 201, { number: pr.number, html_url: `https://gh.test/acme/shop/pull/${pr.number}` });
    }
    const m = /^\/repos\/acme\/shop\/pulls\/(\d+)$/.exec(url.pathname);
    if (req.method === 'PATCH' && m) {
      const pr = state.prs.find((p) => p.number === Number(m[1]))!;
      Object.assign(pr, { title: body.title, body: body.body });
      return sendJson(res, 200, { number: pr.number, html_url: `https://gh.test/acme/shop/pull/${pr.number}` });
    }
    sendJson(res, 404, { message: 'Not Found' });
  });
  t.after(server.close);
  return { server, state, github: createGitHubClient({ token: TOKEN, baseUrl: server.url, retries: 0 }) };
}

async function setup(t: Parameters<typeof fakeGitHub>[0] & { after: (fn: () => void) => void }) {
  const ws = makeWorkspace(t);
  const origin = addOrigin(ws.dir, ws.root);
  writeRun(ws.root, 'T1', { 'src/a.ts': 'one\nTWO\nthree\n' }, 'Capitalise two');
  await patchStep(ws.ctx, task);
  const gh = await fakeGitHub(t);
  const ctx = { ...ws.ctx, env: { ...ws.ctx.env, GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'acme/shop' } };
  return { ...ws, ctx, origin, ...gh };
}

const readRecord = (root: string): ApplyRecord => JSON.parse(readFileSync(path.join(root, '.patches/T1/apply.json'), 'utf8'));

describe('applyStep pull requests', () => {
  it('opens one pull request naming the task, then opens nothing when run again', async (t) => {
    const { root, ctx, server, state, github } = await setup(t);
    const record = (await applyStep(ctx, task, { github }))!;
    assert.equal(record.pr_number, 40);
    assert.equal(record.pr_url, 'https://gh.test/acme/shop/pull/40');
    assert.deepEqual(readRecord(root), record);
    const create = server.requests.find((r) => r.method === 'POST')!;
    assert.deepEqual(
      { ...(create.json as object), body: 'x' },
      { head: 'taskpod/T1', base: 'main', title: 'T1: Capitalise two', body: 'x' },
    );
    assert.match(state.prs[0]!.body, /\| `src\/a.ts` \| modified \| \+1 \| -1 \|/);
    assert.doesNotMatch(JSON.stringify(record), new RegExp(TOKEN));
    const calls = server.requests.length;
    assert.deepEqual(await applyStep(ctx, task, { github }), record);
    assert.equal(server.requests.length, calls);
  });

  it('keeps the pushed branch when GitHub says 401, and a later run opens the pull request without pushing again', async (t) => {
    const { root, ctx, origin, state, github } = await setup(t);
    state.failWith = 401;
    await assert.rejects(applyStep(ctx, task, { github }), (error: Error) => {
      assert.equal(error.name, 'GitHubError');
      assert.match(error.message, /401 Bad credentials.*GITHUB_TOKEN was rejected.*The pushed branch taskpod\/T1 is kept/s);
      assert.doesNotMatch(error.message, new RegExp(TOKEN));
      return true;
    });
    const afterFailure = readRecord(root);
    assert.equal(afterFailure.pushed, true);
    assert.equal(afterFailure.pr_number, null);
    assert.equal(git(origin, 'rev-parse', 'taskpod/T1'), afterFailure.commit);
    state.failWith = 0;
    const record = (await applyStep(ctx, task, { github }))!;
    assert.deepEqual(record, { ...afterFailure, pr_number: 40, pr_url: 'https://gh.test/acme/shop/pull/40' });
    assert.equal(state.prs.length, 1);
  });

  it('replaces its own earlier push with a newer patch and updates the same pull request', async (t) => {
    const { root, ctx, origin, state, github } = await setup(t);
    const first = (await applyStep(ctx, task, { github }))!;
    writeRun(root, 'T1', { 'src/a.ts': 'one\nTWO\nTHREE\n' }, 'Capitalise two and three');
    const later = { ...ctx, now: () => new Date('2026-11-24T02:00:00Z') };
    const meta = (await patchStep(later, task))!;
    const second = (await applyStep(later, task, { github }))!;
    assert.equal(second.patch_file, meta.patch_file);
    assert.notEqual(second.commit, first.commit);
    assert.equal(git(origin, 'rev-parse', 'taskpod/T1'), second.commit);
    assert.equal(git(origin, 'rev-parse', 'taskpod/T1^'), git(root, 'rev-parse', 'main'));
    assert.equal(second.pr_number, first.pr_number);
    assert.equal(state.prs.length, 1);
    assert.equal(state.prs[0]!.title, 'T1: Capitalise two and three');
  });

  it('cuts a long summary to a title GitHub accepts, keeping the task id in front', async (t) => {
    const { root, ctx, state, github } = await setup(t);
    const summary = `Rewrite ${'the 💡 login flow '.repeat(30)}`;
    writeRun(root, 'T1', { 'src/a.ts': 'one\nTWO\nthree\n' }, summary);
    await patchStep(ctx, task);
    const record = (await applyStep(ctx, task, { github }))!;
    assert.equal(record.pr_number, 40);
    const title = state.prs[0]!.title;
    assert.equal([...title].length, 256);
    assert.ok(title.startsWith('T1: Rewrite the 💡 login flow'), title);
    assert.ok(title.endsWith('…'), title);
  });

  it('reads the repository from the origin URL when GITHUB_REPOSITORY is not set', async (t) => {
    const { root, ctx, origin, github } = await setup(t);
    git(root, 'remote', 'set-url', 'origin', 'git@github.com:acme/shop.git');
    git(root, 'remote', 'set-url', '--push', 'origin', origin);
    const env = { ...ctx.env, GITHUB_REPOSITORY: undefined };
    const record = (await applyStep({ ...ctx, env }, task, { github }))!;
    assert.equal(record.pr_number, 40);
  });

  it('opens no pull request with --no-pr or without a token, and pushes nothing with --no-push', async (t) => {
    const { root, ctx, origin, server, github } = await setup(t);
    const noPush = (await applyStep(ctx, task, { github, push: false }))!;
    assert.equal(noPush.pushed, false);
    assert.equal(git(origin, 'branch', '--list', 'taskpod/T1'), '');
    const noToken = { ...ctx, env: { PATH: process.env.PATH } };
    const pushed = (await applyStep(noToken, task))!;
    assert.equal(pushed.pushed, true);
    assert.equal(pushed.pr_number, null);
    assert.equal(server.requests.length, 0);
    assert.deepEqual(readRecord(root), pushed);
  });
});
