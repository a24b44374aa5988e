import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { commitFiles, git, gitAt, gitCommandsDuring, initGitRepo, makeTempDir } from '@taskpod/testing';
import { moveBranches } from './move-branches';

function setup(t: { after: (fn: () => void) => void }) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  const repo = path.join(dir, 'repo');
  mkdirSync(repo);
  initGitRepo(repo);
  const base = commitFiles(repo, { 'a.txt': 'a\n' });
  const next = commitFiles(repo, { 'b.txt': 'b\n' });
  return { dir, repo, base, next, ctx: gitAt(repo) };
}

describe('moveBranches', () => {
  it('moves every branch in one update-ref, each a compare-and-swap', async (t) => {
    const { repo, base, next, ctx } = setup(t);
    git(repo, 'branch', 'taskpod/old', base);
    let outcomes: unknown[] = [];
    const n = (
      await gitCommandsDuring(async () => {
        outcomes = await moveBranches(ctx, [
          ...Array.from({ length: 5 }, (_, i) => ({ branch: `taskpod/t${i}`, commit: next, from: null })),
          { branch: 'taskpod/old', commit: next, from: base },
        ]);
      })
    ).filter((command) => command === 'update-ref').length;
    assert.equal(n, 1);
    assert.deepEqual(outcomes, Array(6).fill(null));
    for (const b of ['taskpod/t0', 'taskpod/t4', 'taskpod/old']) assert.equal(git(repo, 'rev-parse', b), next);
  });

  it('fails only the move whose branch moved meanwhile or is checked out, and makes the others', async (t) => {
    const { dir, repo, base, next, ctx } = setup(t);
    git(repo, 'branch', 'taskpod/moved', next);
    git(repo, 'branch', 'taskpod/exists', base);
    git(repo, 'worktree', 'add', '-q', path.join(dir, 'wt'), '-b', 'taskpod/busy', base);
    const outcomes = await moveBranches(ctx, [
      { branch: 'taskpod/fine', commit: next, from: null },
      { branch: 'taskpod/moved', commit: base, from: base },
      { branch: 'taskpod/busy', commit: next, from: base },
      { branch: 'taskpod/exists', commit: next, from: null },
    ]);
    assert.equal(outcomes[0], null);
    assert.equal(git(repo, 'rev-parse', 'taskpod/fine'), next);
    assert.match(String(outcomes[1]?.message), /Could not point branch taskpod\/moved .*it moved since taskpod read it/);
    assert.equal(git(repo, 'rev-parse', 'taskpod/moved'), next);
    assert.match(String(outcomes[2]?.message), /taskpod\/busy .*checked out/);
    assert.equal(git(repo, 'rev-parse', 'taskpod/busy'), base);
    // A branch that appeared since it was read as missing is not overwritten.
    assert.match(String(outcomes[3]?.message), /taskpod\/exists/);
    assert.equal(git(repo, 'rev-parse', 'taskpod/exists'), base);
  });
});
