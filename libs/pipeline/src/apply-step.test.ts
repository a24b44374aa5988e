import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { makeTask, type ApplyRecord } from '@taskpod/core';
import { createGitHubClient } from '@taskpod/github';
import {
  addOrigin,
  commitFiles,
  git,
  initGitRepo,
  makeWorkspace,
  PNG,
  sendJson,
  startLoopbackServer,
  writeFiles,
  writeRun,
} from '@taskpod/testing';
import { applyStep } from './apply-step';
import { patchStep } from './patch-step';

const task = makeTask({ id: 'T1', pod: 'DevPod', outputs: ['src/**', 'logo.png'] });
const lines = (n: number, change: Record<number, string> = {}) =>
  `${Array.from({ length: n }, (_, i) => change[i] ?? `line ${i}`).join('\n')}\n`;

/** A workspace with an origin, a 20-line file and a patch of T1 changing its line 1 and the logo. */
async function patched(t: { after: (fn: () => void) => void }) {
  const ws = makeWorkspace(t, { 'src/long.txt': lines(20) });
  const origin = addOrigin(ws.dir, ws.root);
  writeRun(
    ws.root,
    'T1',
    { 'src/long.txt': lines(20, { 1: 'task line 1' }), 'src/new.ts': 'export {};\n', 'logo.png': Buffer.concat([PNG, PNG]) },
    'Improve long.txt',
  );
  const meta = (await patchStep(ws.ctx, task))!;
  return { ...ws, origin, meta };
}

const userState = (root: string) => ({
  index: readFileSync(path.join(root, '.git/index')).toString('hex'),
  status: git(root, '--no-optional-locks', 'status', '--porcelain=v1', '-uall'),
  head: git(root, 'rev-parse', 'HEAD'),
  branch: git(root, 'rev-parse', '--abbrev-ref', 'HEAD'),
});
const readRecord = (root: string): ApplyRecord => JSON.parse(readFileSync(path.join(root, '.patches/T1/apply.json'), 'utf8'));
const worktreeCount = (root: string) =>
  git(root, 'worktree', 'list', '--porcelain')
    .split('\n')
    .filter((l) => l.startsWith('worktree ')).length;
const hasBranch = (repo: string, branch: string) => git(repo, 'branch', '--list', branch) !== '';

describe('applyStep in a temporary worktree', () => {
  it('commits on taskpod/<id> with trailers, pushes it, records it, and leaves the checkout alone', async (t) => {
    const { root, ctx, origin, meta } = await patched(t);
    writeFiles(root, { 'src/long.txt': 'my unstaged edit\n', 'scratch.txt': 'untracked\n' });
    git(root, 'add', 'scratch.txt');
    const before = userState(root);
    const record = (await applyStep(ctx, task))!;
    assert.deepEqual(userState(root), before);
    assert.equal(worktreeCount(root), 1);
    assert.deepEqual(
      { ...record, applied_at: 'x' },
      {
        task_id: 'T1',
        patch_file: meta.patch_file,
        mode: 'worktree',
        base_branch: 'main',
        applied_at: 'x',
        method: '3way',
        branch: 'taskpod/T1',
        commit: git(root, 'rev-parse', 'taskpod/T1'),
        pushed: true,
        pr_number: null,
        pr_url: null,
      },
    );
    assert.deepEqual(readRecord(root), record);
    assert.equal(git(origin, 'rev-parse', 'taskpod/T1'), record.commit);
    assert.equal(git(root, 'rev-parse', 'taskpod/T1^'), before.head);
    assert.equal(
      git(root, 'log', '-1', '--format=%B', 'taskpod/T1'),
      `T1: Improve long.txt\n\nTask-Id: T1\nPod: DevPod\nPatch: ${meta.patch_file}`,
    );
    assert.equal(git(root, 'show', 'taskpod/T1:src/long.txt'), lines(20, { 1: 'task line 1' }).trimEnd());
    assert.deepEqual(execFileSync('git', ['cat-file', 'blob', 'taskpod/T1:logo.png'], { cwd: root }), Buffer.concat([PNG, PNG]));
  });

  it('changes nothing and opens nothing when run again for the same patch', async (t) => {
    const { root, ctx, origin } = await patched(t);
    const server = await startLoopbackServer((_req, res) => sendJson(res, 500, { message: 'must not be called' }));
    t.after(server.close);
    const github = createGitHubClient({ token: 'tok_abcdef', baseUrl: server.url, retries: 0 });
    const env = { ...ctx.env, GITHUB_TOKEN: 'tok_abcdef', GITHUB_REPOSITORY: 'acme/shop' };
    const first = (await applyStep(ctx, task, { pr: false }))!;
    const text = readFileSync(path.join(root, '.patches/T1/apply.json'), 'utf8');
    const refs = git(origin, 'show-ref');
    const again = await applyStep({ ...ctx, env }, task, { pr: false, github });
    assert.deepEqual(again, first);
    assert.equal(readFileSync(path.join(root, '.patches/T1/apply.json'), 'utf8'), text);
    assert.equal(git(origin, 'show-ref'), refs);
    assert.equal(git(root, 'rev-list', '--count', 'taskpod/T1'), '2');
    assert.equal(server.requests.length, 0);
  });

  it('merges with --3way when main changed other lines since the patch was made', async (t) => {
    const { root, ctx } = await patched(t);
    commitFiles(root, { 'src/long.txt': lines(20, { 18: 'main line 18' }) }, 'main moved');
    const record = (await applyStep(ctx, task, { push: false }))!;
    assert.equal(record.method, '3way');
    assert.equal(record.pushed, false);
    assert.equal(git(root, 'show', 'taskpod/T1:src/long.txt'), lines(20, { 1: 'task line 1', 18: 'main line 18' }).trimEnd());
  });

  it('fails naming the conflicting file and leaves nothing half-done', async (t) => {
    const { root, ctx, origin } = await patched(t);
    commitFiles(root, { 'src/long.txt': lines(20, { 1: 'main line 1' }) }, 'main moved');
    const before = userState(root);
    await assert.rejects(applyStep(ctx, task), (error: Error & { details?: { hint?: string } }) => {
      assert.match(error.message, /does not apply to main \([0-9a-f]{12}\): conflicts in src\/long.txt\. Nothing was changed\./);
      assert.match(error.details!.hint!, /--overwrite/);
      return true;
    });
    assert.deepEqual(userState(root), before);
    assert.equal(hasBranch(root, 'taskpod/T1'), false);
    assert.equal(hasBranch(origin, 'taskpod/T1'), false);
    assert.equal(existsSync(path.join(root, '.patches/T1/apply.json')), false);
    assert.equal(worktreeCount(root), 1);
  });

  it('copies the task files over when the patch conflicts and overwrite is allowed', async (t) => {
    const { root, ctx } = await patched(t);
    commitFiles(root, { 'src/long.txt': lines(20, { 1: 'main line 1' }) }, 'main moved');
    const record = (await applyStep({ ...ctx, config: { ...ctx.config, overwrite: true } }, task, { push: false }))!;
    assert.equal(record.method, 'overwrite');
    assert.equal(git(root, 'show', 'taskpod/T1:src/long.txt'), lines(20, { 1: 'task line 1' }).trimEnd());
    assert.equal(git(root, 'show', 'taskpod/T1:src/new.ts'), 'export {};');
  });

  it('runs verify commands in the worktree and pushes nothing when one fails', async (t) => {
    const { root, ctx, origin } = await patched(t);
    const check = [
      'node',
      '-e',
      "const fs=require('fs');if(!fs.readFileSync('src/long.txt','utf8').includes('task line 1'))process.exit(3);console.log('checked');console.error('lint: 2 problems');process.exit(Number(process.env.VERIFY_EXIT||0))",
    ];
    const failing = { ...ctx, env: { ...ctx.env, VERIFY_EXIT: '1' }, config: { ...ctx.config, verify: [check] } };
    await assert.rejects(applyStep(failing, task), (error: Error) => {
      assert.match(error.message, /Verify command `node -e .*` exited 1 in the apply worktree; nothing was committed or pushed\./s);
      assert.match(error.message, /lint: 2 problems/);
      return true;
    });
    assert.equal(hasBranch(root, 'taskpod/T1'), false);
    assert.equal(hasBranch(origin, 'taskpod/T1'), false);
    assert.equal(worktreeCount(root), 1);
    const record = (await applyStep({ ...ctx, config: { ...ctx.config, verify: [check] } }, task))!;
    assert.equal(record.pushed, true);
  });

  it('retries a rejected push once after fetching and rebasing onto what another clone pushed', async (t) => {
    const { dir, root, ctx, origin } = await patched(t);
    const other = path.join(dir, 'other');
    git(dir, 'clone', '-q', origin, other);
    initGitRepo(other);
    git(other, 'checkout', '-q', '-b', 'taskpod/T1');
    const theirs = commitFiles(other, { 'REVIEW.md': 'reviewer notes\n' }, 'review');
    git(other, 'push', '-q', 'origin', 'taskpod/T1');
    const record = (await applyStep(ctx, task))!;
    assert.equal(record.pushed, true);
    assert.equal(git(origin, 'rev-parse', 'taskpod/T1'), record.commit);
    assert.equal(git(root, 'rev-parse', 'taskpod/T1'), record.commit);
    assert.equal(git(origin, 'rev-parse', 'taskpod/T1^'), theirs);
    assert.equal(git(origin, 'show', 'taskpod/T1:REVIEW.md'), 'reviewer notes');
    assert.equal(worktreeCount(root), 1);
  });

  it('refuses to move a task branch that holds commits it did not make', async (t) => {
    const { root, ctx } = await patched(t);
    git(root, 'branch', 'taskpod/T1');
    git(root, 'checkout', '-q', 'taskpod/T1');
    const manual = commitFiles(root, { 'manual.txt': 'by hand\n' }, 'manual');
    git(root, 'checkout', '-q', 'main');
    await assert.rejects(
      applyStep(ctx, task, { push: false }),
      /Branch taskpod\/T1 already exists at [0-9a-f]{12} with commits taskpod did not record/,
    );
    assert.equal(git(root, 'rev-parse', 'taskpod/T1'), manual);
  });

  it('takes up its own commit when an apply was killed before writing apply.json, and pushes it', async (t) => {
    const { root, ctx, origin, meta } = await patched(t);
    const first = (await applyStep(ctx, task, { push: false }))!;
    rmSync(path.join(root, '.patches/T1/apply.json'));
    const record = (await applyStep(ctx, task))!;
    assert.deepEqual({ ...record, applied_at: 'x' }, { ...first, applied_at: 'x', pushed: true });
    assert.equal(git(root, 'rev-parse', 'taskpod/T1'), first.commit);
    assert.equal(git(origin, 'rev-parse', 'taskpod/T1'), first.commit);
    assert.deepEqual(readRecord(root), record);
    assert.match(git(root, 'log', '-1', '--format=%B', 'taskpod/T1'), new RegExp(`Patch: ${meta.patch_file}`));
  });

  it('still refuses when a commit of someone else sits on top of its own unrecorded one', async (t) => {
    const { root, ctx } = await patched(t);
    await applyStep(ctx, task, { push: false });
    rmSync(path.join(root, '.patches/T1/apply.json'));
    git(root, 'checkout', '-q', 'taskpod/T1');
    const manual = commitFiles(root, { 'manual.txt': 'by hand\n' }, 'manual');
    git(root, 'checkout', '-q', 'main');
    await assert.rejects(
      applyStep(ctx, task, { push: false }),
      /Branch taskpod\/T1 already exists at [0-9a-f]{12} with commits taskpod did not record/,
    );
    assert.equal(git(root, 'rev-parse', 'taskpod/T1'), manual);
    assert.equal(existsSync(path.join(root, '.patches/T1/apply.json')), false);
  });
});

describe('applyStep of a staged patch', () => {
  it('carries a rename, a deletion and a binary change onto the task branch', async (t) => {
    const { root, ctx } = makeWorkspace(t, { 'docs/old.md': lines(30), 'gone.txt': 'bye\n' });
    mkdirSync(path.join(root, 'guide'));
    git(root, 'mv', 'docs/old.md', 'guide/new.md');
    git(root, 'rm', '-q', 'gone.txt');
    writeFiles(root, { 'logo.png': Buffer.concat([PNG, Buffer.from([1, 2, 3])]) });
    git(root, 'add', 'logo.png');
    await patchStep(ctx, task, { staged: true });
    git(root, 'commit', '-q', '-m', 'the same work, committed by hand on another branch', '--', '.');
    git(root, 'checkout', '-q', '-b', 'elsewhere');
    git(root, 'checkout', '-q', 'main');
    git(root, 'reset', '-q', '--hard', 'HEAD^');
    const record = (await applyStep(ctx, task, { push: false }))!;
    assert.equal(record.method, '3way');
    const tree = git(root, 'ls-tree', '-r', '--name-only', 'taskpod/T1').split('\n');
    assert.ok(tree.includes('guide/new.md') && !tree.includes('docs/old.md') && !tree.includes('gone.txt'), tree.join(','));
    assert.deepEqual(
      execFileSync('git', ['cat-file', 'blob', 'taskpod/T1:logo.png'], { cwd: root }),
      Buffer.concat([PNG, Buffer.from([1, 2, 3])]),
    );
  });
});

describe('applyStep --into current', () => {
  it('refuses when a file it would touch has uncommitted changes, listing them', async (t) => {
    const { root, ctx } = await patched(t);
    writeFiles(root, { 'src/long.txt': 'edited\n', 'src/new.ts': 'untracked in the way\n' });
    const before = userState(root);
    await assert.rejects(applyStep(ctx, task, { into: 'current' }), /uncommitted changes or are untracked: src\/long.txt, src\/new.ts\./);
    assert.deepEqual(userState(root), before);
    assert.equal(existsSync(path.join(root, '.patches/T1/apply.json')), false);
    // An ignored file in the way counts too: a fast-forward would overwrite it silently.
    writeFiles(root, { '.gitignore': '.patches/\nsrc/new.ts\n', 'src/long.txt': lines(20) });
    git(root, 'commit', '-q', '-m', 'ignore new.ts', '--', '.gitignore');
    await assert.rejects(applyStep(ctx, task, { into: 'current' }), /or are untracked: src\/new.ts\./);
    assert.equal(readFileSync(path.join(root, 'src/new.ts'), 'utf8'), 'untracked in the way\n');
  });

  it('commits onto the current branch and keeps unrelated staged and unstaged changes', async (t) => {
    const { root, ctx, meta } = await patched(t);
    writeFiles(root, { '.gitignore': '.patches/\n*.log\n', 'extra.txt': 'staged file\n' });
    git(root, 'add', 'extra.txt');
    const head = git(root, 'rev-parse', 'HEAD');
    const record = (await applyStep(ctx, task, { into: 'current', push: false }))!;
    assert.equal(record.mode, 'current');
    assert.equal(record.branch, 'main');
    assert.equal(git(root, 'rev-parse', 'HEAD'), record.commit);
    assert.equal(git(root, 'rev-parse', 'HEAD^'), head);
    assert.equal(readFileSync(path.join(root, 'src/long.txt'), 'utf8'), lines(20, { 1: 'task line 1' }));
    assert.equal(git(root, '--no-optional-locks', 'status', '--porcelain=v1'), 'M .gitignore\nA  extra.txt');
    assert.match(git(root, 'log', '-1', '--format=%B'), new RegExp(`Patch: ${meta.patch_file}`));
    assert.equal(git(root, 'show', '--name-only', '--format=', 'HEAD').split('\n').sort().join(','), 'logo.png,src/long.txt,src/new.ts');
  });
});
