import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { describeTaskpodError } from '@taskpod/core';
import { commitFiles, git, gitAt, initGitRepo, makeTempDir, writeFiles } from '@taskpod/testing';
import { addFilesToIndex } from './apply-patch';
import { commit } from './commit';
import { pushBranch } from './push';
import { withTemporaryWorktree } from './worktree';

/** A bare origin, a local clone with one commit on main, and a second clone of the same origin. */
function setup(t: { after: (fn: () => void) => void }) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  const origin = path.join(dir, 'origin.git');
  const seed = path.join(dir, 'seed');
  git(dir, 'init', '-q', '--bare', '-b', 'main', origin);
  git(dir, 'clone', '-q', origin, seed);
  initGitRepo(seed);
  commitFiles(seed, { 'a.txt': 'one\ntwo\n' });
  git(seed, 'push', '-q', 'origin', 'main');
  const local = path.join(dir, 'local');
  const other = path.join(dir, 'other');
  for (const clone of [local, other]) {
    git(dir, 'clone', '-q', origin, clone);
    initGitRepo(clone);
  }
  return { dir, origin, local, other, base: git(local, 'rev-parse', 'HEAD') };
}

/** Commits `files` on top of `base` in a temporary worktree and pushes it to taskpod/T1. */
async function commitAndPush(repo: string, base: string, files: Record<string, string>, filesDir: string) {
  writeFiles(filesDir, files);
  return withTemporaryWorktree(gitAt(repo), base, async (wt) => {
    await addFilesToIndex(wt, filesDir, Object.keys(files));
    const id = await commit(wt, base, { subject: 'T1: change', trailers: { 'Task-Id': 'T1' } });
    return { id, pushed: await pushBranch(wt, { remote: 'origin', commit: id, branch: 'taskpod/T1' }) };
  });
}

describe('pushBranch', () => {
  it('pushes, and after a non-fast-forward rejection fetches, rebases and pushes once more', async (t) => {
    const { dir, origin, local, other, base } = setup(t);
    const first = await commitAndPush(other, base, { 'b.txt': 'from other\n' }, path.join(dir, 'f1'));
    assert.deepEqual(first.pushed, { commit: first.id, rebased: false });
    const second = await commitAndPush(local, base, { 'c.txt': 'from local\n' }, path.join(dir, 'f2'));
    assert.equal(second.pushed.rebased, true);
    assert.notEqual(second.pushed.commit, second.id);
    assert.equal(git(origin, 'rev-parse', 'taskpod/T1'), second.pushed.commit);
    assert.equal(git(origin, 'rev-parse', 'taskpod/T1^'), first.id);
    assert.equal(git(origin, 'show', 'taskpod/T1:c.txt'), 'from local');
    assert.equal(git(local, 'worktree', 'list').split('\n').length, 1);
  });

  it('fails clearly when the rebase conflicts, and the remote branch keeps the other commit', async (t) => {
    const { dir, origin, local, other, base } = setup(t);
    const first = await commitAndPush(other, base, { 'a.txt': 'one\nTWO from other\n' }, path.join(dir, 'f1'));
    await assert.rejects(commitAndPush(local, base, { 'a.txt': 'one\ntwo from local\n' }, path.join(dir, 'f2')), (error: Error) => {
      assert.equal(error.name, 'GitError');
      assert.match(error.message, /rejected because the remote branch has new commits.*does not rebase cleanly/s);
      return true;
    });
    assert.equal(git(origin, 'rev-parse', 'taskpod/T1'), first.id);
    assert.equal(git(local, 'worktree', 'list').split('\n').length, 1);
  });

  it('replaces its own earlier push with a lease, and is rejected then rebases when the lease is stale', async (t) => {
    const { dir, origin, local, base } = setup(t);
    const old = await commitAndPush(local, base, { 'b.txt': 'v1\n' }, path.join(dir, 'f1'));
    writeFiles(path.join(dir, 'f2'), { 'b.txt': 'v2\n' });
    const replaced = await withTemporaryWorktree(gitAt(local), base, async (wt) => {
      await addFilesToIndex(wt, path.join(dir, 'f2'), ['b.txt']);
      const id = await commit(wt, base, { subject: 'T1: v2' });
      return pushBranch(wt, { remote: 'origin', commit: id, branch: 'taskpod/T1', expectRemote: old.id });
    });
    assert.equal(replaced.rebased, false);
    assert.equal(git(origin, 'rev-parse', 'taskpod/T1^'), base);
    assert.equal(git(origin, 'show', 'taskpod/T1:b.txt'), 'v2');
    // A stale lease (the remote is no longer at `old`): a plain push is refused too, so it rebases.
    writeFiles(path.join(dir, 'f3'), { 'c.txt': 'v3\n' });
    const stale = await withTemporaryWorktree(gitAt(local), base, async (wt) => {
      await addFilesToIndex(wt, path.join(dir, 'f3'), ['c.txt']);
      const id = await commit(wt, base, { subject: 'T1: v3' });
      return pushBranch(wt, { remote: 'origin', commit: id, branch: 'taskpod/T1', expectRemote: old.id });
    });
    assert.equal(stale.rebased, true);
    assert.equal(git(origin, 'rev-parse', 'taskpod/T1'), stale.commit);
    assert.equal(git(origin, 'show', 'taskpod/T1:b.txt'), 'v2', 'the remote commit is kept under ours');
    assert.equal(git(origin, 'show', 'taskpod/T1:c.txt'), 'v3');
  });
});

describe('pushBranch errors', () => {
  it('never show the credentials of an origin URL, in its userinfo or its query', async (t) => {
    const { dir, cleanup } = makeTempDir();
    t.after(cleanup);
    initGitRepo(dir);
    const head = commitFiles(dir, { 'a.txt': 'a\n' });
    git(dir, 'remote', 'add', 'origin', 'https://alice:hunter2pass@127.0.0.1:1/acme/shop.git?token=query-secret-77');
    await assert.rejects(pushBranch(gitAt(dir), { remote: 'origin', commit: head, branch: 'taskpod/T1' }), (error: Error) => {
      assert.equal(error.name, 'GitError');
      const printed = describeTaskpodError(error as never, {}).join('\n');
      assert.match(printed, /127\.0\.0\.1:1\/acme\/shop\.git/, 'the remote is still named');
      for (const secret of ['alice', 'hunter2pass', 'query-secret-77']) assert.ok(!printed.includes(secret), `${secret} in: ${printed}`);
      return true;
    });
  });
});
