import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { buildConfig, makeTask, type ApplyRecord } from '@taskpod/core';
import { createGitHubClient } from '@taskpod/github';
import { addOrigin, commitFiles, git, makeWorkspace, startLoopbackGitHub, writeRun } from '@taskpod/testing';
import { applyStep } from './apply-step';
import { patchStep } from './patch-step';

const TOKEN = 'ghs_stacktoken_0123456789';
const t21 = makeTask({ id: '2.1', outputs: ['src/**'] });
const t22 = makeTask({ id: '2.2', outputs: ['src/**'], dependsOn: ['2.1'] });

// The verify command: records what it sees, then runs every test file (2.2's needs 2.1's code).
const VERIFY = `
const fs = require('fs'), path = require('path');
fs.appendFileSync(process.env.SEEN, JSON.stringify(fs.readdirSync('src').sort()) + '\\n');
for (const f of fs.readdirSync('src')) if (f.endsWith('.test.js')) require(path.resolve('src', f));
`;
const SHORTLINK = "exports.shorten = (url) => 'short:' + url;\n";
const SHORTLINK_TEST =
  "const { shorten } = require('./shortlink.js');\nif (shorten('x') !== 'short:x') throw new Error('shorten is wrong');\n";

async function setup(t: { after: (fn: () => void | Promise<void>) => void }) {
  const ws = makeWorkspace(t, { 'verify.js': VERIFY });
  const origin = addOrigin(ws.dir, ws.root);
  const github = await startLoopbackGitHub({ origin });
  t.after(github.close);
  const seen = path.join(ws.dir, 'seen.log');
  writeFileSync(seen, '');
  const ctx = {
    ...ws.ctx,
    config: buildConfig({ verify: [[process.execPath, 'verify.js']] }),
    env: { ...ws.ctx.env, GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'acme/shop', SEEN: seen },
  };
  const client = createGitHubClient({ token: TOKEN, baseUrl: github.url, retries: 0 });
  const apply = (task: typeof t21) => applyStep(ctx, task, { github: client }) as Promise<ApplyRecord>;
  const lastSeen = () => JSON.parse(readFileSync(seen, 'utf8').trim().split('\n').at(-1)!) as string[];
  const prOf = (branch: string) => github.pulls.filter((p) => p.head.ref === branch);
  // A reviewer's own clone of origin, where fixes and merges happen as they would on GitHub.
  const reviewer = path.join(ws.dir, 'reviewer');
  const clone = () => git(ws.dir, 'clone', '-q', origin, reviewer);
  const pushFix = (files: Record<string, string>, message: string) => {
    git(reviewer, 'fetch', '-q', 'origin');
    git(reviewer, 'checkout', '-q', '-B', 'taskpod/2.1', 'origin/taskpod/2.1');
    commitFiles(reviewer, files, message);
    git(reviewer, 'push', '-q', 'origin', 'taskpod/2.1');
    git(ws.root, 'fetch', '-q', 'origin');
    return git(reviewer, 'rev-parse', 'HEAD');
  };
  return { ...ws, ctx, origin, github, apply, lastSeen, prOf, clone, pushFix, reviewer };
}

describe('stacked branches (a two-task chain, 2.2 depends on 2.1)', () => {
  it('stacks 2.2 on 2.1, follows a fix and the merge of 2.1, and refuses over a foreign commit', async (t) => {
    const s = await setup(t);
    const { root, origin } = s;
    const mainBefore = git(root, 'rev-parse', 'main');
    writeRun(root, '2.1', { 'src/shortlink.js': SHORTLINK }, 'Shortlink service');
    await patchStep(s.ctx, t21);
    const r21 = await s.apply(t21);
    writeRun(root, '2.2', { 'src/shortlink.test.js': SHORTLINK_TEST }, 'Shortlink tests');
    await patchStep(s.ctx, t22);
    const r22 = await s.apply(t22);

    // The branch holds 2.1's work, the verify command saw both files, the PR targets 2.1's branch.
    assert.equal(git(root, 'rev-parse', 'taskpod/2.2^'), r21.commit);
    assert.equal(git(root, 'show', 'taskpod/2.2:src/shortlink.js'), SHORTLINK.trim());
    assert.deepEqual(s.lastSeen(), ['a.ts', 'shortlink.js', 'shortlink.test.js']);
    assert.deepEqual(r22.stacked_on, [{ task_id: '2.1', branch: 'taskpod/2.1', commit: r21.commit }]);
    assert.equal(git(origin, 'rev-parse', 'taskpod/2.2'), r22.commit);
    const [pr21] = s.prOf('taskpod/2.1');
    const [pr22] = s.prOf('taskpod/2.2');
    assert.equal(pr21!.base.ref, 'main');
    assert.equal(pr22!.base.ref, 'taskpod/2.1');
    assert.match(pr22!.body, /### Stacked on\n\n- `taskpod\/2\.1` \(task 2\.1\): #1 https:\/\/github\.example\/acme\/shop\/pull\/1/);
    assert.equal(git(root, 'rev-parse', 'HEAD'), mainBefore, "the user's checkout is not moved");
    assert.equal(git(root, 'status', '--porcelain'), '');

    // A fix pushed to taskpod/2.1 after review: the rerun rebuilds 2.2 on it and force-pushes with a lease.
    s.clone();
    const fix = s.pushFix({ 'src/shortlink.js': `// trims the url\n${SHORTLINK.replace('+ url', '+ url.trim()')}` }, 'review: trim');
    const afterFix = await s.apply(t22);
    assert.notEqual(afterFix.commit, r22.commit);
    assert.equal(git(root, 'rev-parse', 'taskpod/2.2^'), fix);
    assert.match(git(root, 'show', 'taskpod/2.2:src/shortlink.js'), /trims the url/);
    assert.equal(git(root, 'log', '-1', '--format=%(trailers:key=Task-Id,valueonly)', 'taskpod/2.2'), '2.2');
    assert.equal(git(origin, 'rev-parse', 'taskpod/2.2'), afterFix.commit);
    assert.deepEqual(afterFix.stacked_on, [{ task_id: '2.1', branch: 'taskpod/2.1', commit: fix }]);
    assert.equal(s.prOf('taskpod/2.2').length, 1, 'the same pull request, updated');
    assert.deepEqual(await s.apply(t22), afterFix, 'nothing moved: nothing to do');

    // A commit someone else made on taskpod/2.2: the rerun after another upstream fix refuses, naming it.
    const tree = git(root, 'rev-parse', 'taskpod/2.2^{tree}');
    const foreign = git(root, 'commit-tree', tree, '-p', 'taskpod/2.2', '-m', 'hand tweak');
    git(root, 'update-ref', 'refs/heads/taskpod/2.2', foreign);
    s.pushFix({ 'src/extra.js': 'exports.x = 1;\n' }, 'review: extra');
    const recordBefore = readFileSync(path.join(root, '.patches/2.2/apply.json'), 'utf8');
    await assert.rejects(s.apply(t22), (error: Error) => {
      assert.equal(error.name, 'UserError');
      assert.match(
        error.message,
        new RegExp(`Refusing to rebase taskpod/2\\.2.*${foreign.slice(0, 12)} "hand tweak".*Nothing was changed`),
      );
      return true;
    });
    assert.equal(git(root, 'rev-parse', 'taskpod/2.2'), foreign);
    assert.equal(readFileSync(path.join(root, '.patches/2.2/apply.json'), 'utf8'), recordBefore);
    assert.equal(git(origin, 'rev-parse', 'taskpod/2.2'), afterFix.commit);
    git(root, 'update-ref', 'refs/heads/taskpod/2.2', afterFix.commit);

    // 2.1 merges into main (on GitHub, then pulled): the rerun rebuilds 2.2 on main and retargets its PR.
    git(s.reviewer, 'checkout', '-q', 'main');
    git(s.reviewer, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #1', 'origin/taskpod/2.1');
    git(s.reviewer, 'push', '-q', 'origin', 'main');
    git(root, 'pull', '-q', '--ff-only', 'origin', 'main');
    const merged = await s.apply(t22);
    assert.equal(git(root, 'rev-parse', 'taskpod/2.2^'), git(root, 'rev-parse', 'main'));
    assert.equal(merged.stacked_on, undefined);
    assert.deepEqual(s.lastSeen(), ['a.ts', 'extra.js', 'shortlink.js', 'shortlink.test.js']);
    assert.equal(git(origin, 'rev-parse', 'taskpod/2.2'), merged.commit);
    assert.equal(s.prOf('taskpod/2.2').length, 1);
    assert.equal(s.prOf('taskpod/2.2')[0]!.base.ref, 'main');
    assert.doesNotMatch(s.prOf('taskpod/2.2')[0]!.body, /Stacked on/);
  });

  it('reports a conflict with the moved upstream naming the file, and changes nothing', async (t) => {
    const s = await setup(t);
    const { root } = s;
    writeRun(root, '2.1', { 'src/shortlink.js': SHORTLINK }, 'Shortlink service');
    await patchStep(s.ctx, t21);
    await s.apply(t21);
    writeRun(root, '2.2', { 'src/shortlink.js': `${SHORTLINK}exports.count = 0;\n`, 'src/shortlink.test.js': SHORTLINK_TEST }, 'Tests');
    await patchStep(s.ctx, t22);
    const r22 = await s.apply(t22);
    s.clone();
    s.pushFix({ 'src/shortlink.js': "exports.shorten = (u) => 'short:' + String(u);\n" }, 'review: rewrite');
    await assert.rejects(s.apply(t22), /does not apply to .*conflicts in src\/shortlink\.js\. Nothing was changed/);
    assert.equal(git(root, 'rev-parse', 'taskpod/2.2'), r22.commit);
    assert.equal(git(s.origin, 'rev-parse', 'taskpod/2.2'), r22.commit);
  });
});
