import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commitFiles, git, gitAt, initGitRepo, makeTempDir } from '@taskpod/testing';
import { buildCommitMessage, commit, indexDiffersFrom, readTrailers } from './commit';

describe('buildCommitMessage', () => {
  it('keeps the first line as subject, the rest as body, and trailers last', () => {
    const text = buildCommitMessage({ subject: 'T1: add login\nwith details', trailers: { 'Task-Id': 'T1', Pod: 'Dev\nPod' } });
    assert.equal(text, 'T1: add login\n\nwith details\n\nTask-Id: T1\nPod: Dev Pod\n');
  });
});

describe('commit', () => {
  it('commits the index on a given parent without moving HEAD, and the trailers read back', (t) => {
    const { dir, cleanup } = makeTempDir();
    t.after(cleanup);
    initGitRepo(dir);
    const base = commitFiles(dir, { 'a.txt': 'a\n' });
    return (async () => {
      assert.equal(await indexDiffersFrom(gitAt(dir), base), false);
      git(dir, 'rm', '-q', '--cached', 'a.txt');
      assert.equal(await indexDiffersFrom(gitAt(dir), base), true);
      const id = await commit(gitAt(dir), base, { subject: 'T1: remove a', trailers: { 'Task-Id': 'T1', Patch: 'patch_x_T1.diff' } });
      assert.equal(git(dir, 'rev-parse', 'HEAD'), base);
      assert.equal(git(dir, 'rev-parse', `${id}^`), base);
      assert.deepEqual(await readTrailers(gitAt(dir), id), { 'Task-Id': 'T1', Patch: 'patch_x_T1.diff' });
    })();
  });
});
