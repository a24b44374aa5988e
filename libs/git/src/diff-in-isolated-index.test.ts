import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { commitFiles, git, gitAt, initGitRepo, makeTempDir, writeFiles } from '@taskpod/testing';
import { diffInIsolatedIndex } from './diff-in-isolated-index';
import { diffStaged } from './diff-staged';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]);

/** The user's index bytes and status, to prove a diff left them alone. */
function snapshot(dir: string) {
  return {
    index: readFileSync(path.join(dir, '.git/index')).toString('hex'),
    status: git(dir, '--no-optional-locks', 'status', '--porcelain=v1', '-uall'),
  };
}

function setup(t: { after: (fn: () => void) => void }) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  initGitRepo(dir);
  const base = commitFiles(dir, { 'src/a.ts': 'one\ntwo\nthree\n', 'keep.md': 'keep\n', 'logo.png': PNG });
  // A dirty tree: one staged and one unstaged change, plus an untracked file.
  writeFiles(dir, { 'keep.md': 'staged\n' });
  git(dir, 'add', 'keep.md');
  writeFiles(dir, { 'src/a.ts': 'local edit\n', 'notes.txt': 'untracked\n' });
  return { dir, base };
}

describe('diffInIsolatedIndex', () => {
  it('diffs new text and binary files against the base without touching index or working tree', async (t) => {
    const { dir, base } = setup(t);
    const filesDir = path.join(dir, '.patches/T1/files');
    const newPng = Buffer.concat([PNG, Buffer.from([0, 1, 2, 3])]);
    writeFiles(filesDir, { 'src/a.ts': 'one\nTWO\nthree\nfour\n', 'docs/new file.md': '# new\n', 'logo.png': newPng });
    const before = snapshot(dir);
    const result = await diffInIsolatedIndex({ git: gitAt(dir), base, filesDir, paths: ['src/a.ts', 'docs/new file.md', 'logo.png'] });
    assert.deepEqual(snapshot(dir), before);
    assert.deepEqual(
      result.files.map((f) => [f.path, f.status, f.insertions, f.deletions]),
      [
        ['docs/new file.md', 'added', 1, 0],
        ['logo.png', 'modified', 0, 0],
        ['src/a.ts', 'modified', 2, 1],
      ],
    );
    const text = result.patch.toString('latin1');
    assert.match(text, /GIT binary patch/);
    assert.match(text, /^index [0-9a-f]{40}\.\.[0-9a-f]{40}/m);

    // The patch reproduces the files exactly in a clean clone at the base.
    const clone = makeTempDir();
    t.after(clone.cleanup);
    git(clone.dir, 'clone', '-q', dir, 'c');
    const c = path.join(clone.dir, 'c');
    writeFileSync(path.join(clone.dir, 'p.diff'), result.patch);
    git(c, 'apply', '--index', path.join(clone.dir, 'p.diff'));
    assert.deepEqual(readFileSync(path.join(c, 'logo.png')), newPng);
    assert.equal(readFileSync(path.join(c, 'src/a.ts'), 'utf8'), 'one\nTWO\nthree\nfour\n');
  });

  it('returns no files when the outputs equal the base', async (t) => {
    const { dir, base } = setup(t);
    const filesDir = path.join(dir, '.patches/T1/files');
    writeFiles(filesDir, { 'src/a.ts': 'one\ntwo\nthree\n' });
    const result = await diffInIsolatedIndex({ git: gitAt(dir), base, filesDir, paths: ['src/a.ts'] });
    assert.deepEqual(result.files, []);
    assert.equal(result.patch.length, 0);
    assert.equal(result.base, base);
  });

  it('names the base in the error when it is not a commit', async (t) => {
    const { dir } = setup(t);
    await assert.rejects(
      diffInIsolatedIndex({ git: gitAt(dir), base: 'no-such-branch', filesDir: dir, paths: ['keep.md'] }),
      (error: Error) => {
        assert.equal(error.name, 'GitError');
        assert.match(error.message, /`no-such-branch` does not name a commit/);
        return true;
      },
    );
  });

  it('is empty for no paths, deletes what it is told to, and refuses a file where the base has a folder', async (t) => {
    const { dir, base } = setup(t);
    const filesDir = path.join(dir, '.patches/T1/files');
    assert.deepEqual(await diffInIsolatedIndex({ git: gitAt(dir), base: 'HEAD', filesDir, paths: [] }), {
      base,
      patch: Buffer.alloc(0),
      changes: [],
      files: [],
    });
    const deleted = await diffInIsolatedIndex({ git: gitAt(dir), base, filesDir, paths: [], deletions: ['keep.md'] });
    assert.deepEqual(deleted.files, [{ path: 'keep.md', status: 'deleted', insertions: 0, deletions: 1 }]);
    writeFiles(filesDir, { src: 'a file named like the folder\n' });
    await assert.rejects(
      diffInIsolatedIndex({ git: gitAt(dir), base, filesDir, paths: ['src'] }),
      /Cannot write `src` as a file: the base commit has a folder there/,
    );
  });

  it('takes the full-index way for very long path lists', async (t) => {
    const { dir, base } = setup(t);
    const filesDir = path.join(dir, '.patches/T1/files');
    const many = Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`gen/f${i}.txt`, `${i}\n`]));
    writeFiles(filesDir, many);
    const input = { git: gitAt(dir), base, filesDir, paths: Object.keys(many), deletions: ['keep.md'] };
    const result = await diffInIsolatedIndex({ ...input, maxPathspec: 40 });
    assert.equal(result.files.length, 42);
    // The same diff as the pathspec way gives.
    assert.deepEqual(result, await diffInIsolatedIndex(input));
    assert.deepEqual(
      result.files.find((f) => f.path === 'keep.md'),
      { path: 'keep.md', status: 'deleted', insertions: 0, deletions: 1 },
    );
  });
});

describe('diffStaged', () => {
  it('diffs the real staged changes (rename, deletion, binary) read-only', async (t) => {
    const { dir, cleanup } = makeTempDir();
    t.after(cleanup);
    initGitRepo(dir);
    const long = `${Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n')}\n`;
    commitFiles(dir, { 'old/name.txt': long, 'gone.md': 'bye\n', 'logo.png': PNG });
    mkdirSync(path.join(dir, 'new'));
    git(dir, 'mv', 'old/name.txt', 'new/name.txt');
    git(dir, 'rm', '-q', 'gone.md');
    writeFiles(dir, { 'logo.png': Buffer.concat([PNG, PNG]), 'unstaged.txt': 'not staged\n' });
    git(dir, 'add', 'logo.png');
    const before = snapshot(dir);
    const result = await diffStaged(gitAt(dir));
    assert.deepEqual(snapshot(dir), before);
    assert.equal(result.base, git(dir, 'rev-parse', 'HEAD'));
    assert.deepEqual(
      result.files.map((f) => [f.status, f.path, f.from ?? null]),
      [
        ['deleted', 'gone.md', null],
        ['modified', 'logo.png', null],
        ['renamed', 'new/name.txt', 'old/name.txt'],
      ],
    );
    assert.match(result.patch.toString('latin1'), /rename from old\/name.txt\nrename to new\/name.txt/);
    assert.doesNotMatch(result.patch.toString('latin1'), /unstaged/);
  });
});
