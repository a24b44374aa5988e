import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commitFiles, git, gitAt, initGitRepo, makeTempDir } from '@taskpod/testing';
import { mergeBranches } from './merge-branches';

/** main plus one branch per entry of `branches`, each adding or changing its files on main. */
function repoWithBranches(t: { after: (fn: () => void) => void }, branches: Record<string, Record<string, string>>) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  initGitRepo(dir);
  commitFiles(dir, { 'shared.txt': 'one\n' }, 'initial');
  const tips: Record<string, string> = {};
  for (const [name, files] of Object.entries(branches)) {
    git(dir, 'checkout', '-q', '-b', name, 'main');
    tips[name] = commitFiles(dir, files, name);
  }
  git(dir, 'checkout', '-q', 'main');
  return { dir, tips };
}

describe('mergeBranches', () => {
  it('merges several branches into one commit with all of them as parents, outside the checkout', async (t) => {
    const { dir, tips } = repoWithBranches(t, { a: { 'a.txt': 'a\n' }, b: { 'b.txt': 'b\n' }, c: { 'c.txt': 'c\n' } });
    const head = git(dir, 'rev-parse', 'HEAD');
    const commits = [tips.a!, tips.b!, tips.c!];
    const result = await mergeBranches(gitAt(dir), commits, 'Merge a, b, c for 3.1\n\nTask-Id: 3.1\n');
    assert.ok(result.merged);
    assert.deepEqual(git(dir, 'log', '-1', '--format=%P', result.commit).split(' '), commits);
    assert.equal(git(dir, 'rev-parse', `${result.commit}^{tree}`), result.tree);
    assert.deepEqual(git(dir, 'ls-tree', '--name-only', result.tree).split('\n'), ['a.txt', 'b.txt', 'c.txt', 'shared.txt']);
    assert.equal(git(dir, 'log', '-1', '--format=%(trailers:key=Task-Id,valueonly)', result.commit), '3.1');
    // The same parents give the same commit, so a rerun sees an unchanged start.
    const again = await mergeBranches(gitAt(dir), commits, 'Merge a, b, c for 3.1\n\nTask-Id: 3.1\n');
    assert.ok(again.merged);
    assert.equal(again.commit, result.commit);
    assert.equal(git(dir, 'rev-parse', 'HEAD'), head);
    assert.equal(git(dir, 'status', '--porcelain'), '');
    assert.equal(git(dir, 'for-each-ref', '--format=%(refname)'), 'refs/heads/a\nrefs/heads/b\nrefs/heads/c\nrefs/heads/main');
  });

  it('returns the conflicting paths and makes no commit when two branches change the same lines', async (t) => {
    const { dir, tips } = repoWithBranches(t, {
      a: { 'shared.txt': 'from a\n', 'a.txt': 'a\n' },
      b: { 'shared.txt': 'from b\n', 'b.txt': 'b\n' },
    });
    const result = await mergeBranches(gitAt(dir), [tips.a!, tips.b!], 'Merge a, b');
    assert.deepEqual(result, { merged: false, conflicts: ['shared.txt'] });
    assert.equal(git(dir, 'status', '--porcelain'), '');
  });
});
