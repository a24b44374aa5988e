import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { commitFiles, git, gitAt, initGitRepo, makeTempDir, writeFiles } from '@taskpod/testing';
import { addFilesToIndex, applyPatch3way } from './apply-patch';
import { diffInIsolatedIndex } from './diff-in-isolated-index';
import { runGit } from './run-git';
import { withScratchIndex, withTemporaryWorktree, checkoutIndex } from './worktree';

const lines = (n: number, change: Record<number, string> = {}) =>
  `${Array.from({ length: n }, (_, i) => change[i] ?? `line ${i}`).join('\n')}\n`;

/** A repo whose main moved on after the patch's base; the patch changes line 1 of a.txt. */
async function setup(t: { after: (fn: () => void) => void }, mainChange: Record<number, string>) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  initGitRepo(dir);
  const base = commitFiles(dir, { 'a.txt': lines(20) });
  const filesDir = path.join(dir, '.patches/T1/files');
  writeFiles(filesDir, { 'a.txt': lines(20, { 1: 'patched line 1' }) });
  const { patch } = await diffInIsolatedIndex({ git: gitAt(dir), base, filesDir, paths: ['a.txt'] });
  const patchFile = path.join(dir, '.patches/p.diff');
  writeFileSync(patchFile, patch);
  const head = commitFiles(dir, { 'a.txt': lines(20, mainChange) }, 'main moved');
  return { dir, head, patchFile, filesDir };
}

describe('applyPatch3way', () => {
  it('merges through the base blob when main changed other lines, in the index only', async (t) => {
    const { dir, head, patchFile } = await setup(t, { 18: 'main line 18' });
    await withTemporaryWorktree(gitAt(dir), head, async (wt) => {
      assert.deepEqual(await applyPatch3way(wt, patchFile), { applied: true });
      assert.equal(git(wt.cwd, 'show', ':a.txt'), lines(20, { 1: 'patched line 1', 18: 'main line 18' }).trimEnd());
      assert.equal(existsSync(path.join(wt.cwd, 'a.txt')), false);
      await checkoutIndex(wt);
      assert.equal(existsSync(path.join(wt.cwd, 'a.txt')), true);
    });
  });

  it('names the conflicting files and resets the index when the same lines changed', async (t) => {
    const { dir, head, patchFile, filesDir } = await setup(t, { 1: 'main line 1' });
    await withTemporaryWorktree(gitAt(dir), head, async (wt) => {
      const outcome = await applyPatch3way(wt, patchFile);
      assert.equal(outcome.applied, false);
      assert.deepEqual(outcome.applied === false && outcome.conflicts, ['a.txt']);
      assert.equal(git(wt.cwd, 'ls-files', '--unmerged'), '');
      assert.equal(git(wt.cwd, 'diff-index', '--cached', '--name-only', 'HEAD'), '');
      // The overwrite fallback: take the task's files as they are.
      await addFilesToIndex(wt, filesDir, ['a.txt']);
      assert.match(git(wt.cwd, 'show', ':a.txt'), /patched line 1/);
    });
    assert.equal(git(dir, 'worktree', 'list').split('\n').length, 1);
  });

  it('works the same in a throwaway index at a commit that is not HEAD, leaving the repository alone', async (t) => {
    const { dir, head, patchFile, filesDir } = await setup(t, { 1: 'main line 1' });
    const older = git(dir, 'rev-parse', 'HEAD^');
    commitFiles(dir, { 'b.txt': 'later\n' }, 'HEAD moves on');
    writeFiles(dir, { 'a.txt': 'uncommitted\n' });
    git(dir, 'add', 'a.txt');
    const index = git(dir, 'ls-files', '--stage');
    let folder = '';
    await withScratchIndex(gitAt(dir), head, async (scratch) => {
      folder = path.dirname(scratch.env.GIT_INDEX_FILE!);
      const outcome = await applyPatch3way(scratch, patchFile, { resetTo: head });
      assert.equal(outcome.applied, false, 'main changed the same line');
      assert.equal(await runGit(scratch, ['ls-files', '--stage', 'b.txt']), '', 'read from the commit asked for, not HEAD');
      assert.equal(await runGit(scratch, ['ls-files', '--unmerged']), '', 'reset after the conflict');
      await addFilesToIndex(scratch, filesDir, ['a.txt']);
    });
    await withScratchIndex(gitAt(dir), older, async (scratch) => {
      assert.deepEqual(await applyPatch3way(scratch, patchFile, { resetTo: older }), { applied: true });
    });
    assert.equal(git(dir, 'ls-files', '--stage'), index, "the repository's own index is untouched");
    assert.equal(existsSync(folder), false, 'the throwaway index is removed');
  });
});
