import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { commitFiles, git, gitAt, initGitRepo, makeTempDir, writeFiles } from '@taskpod/testing';
import { applyPatch3way } from './apply-patch';
import { writeTree } from './commit';
import { diffInIsolatedIndex } from './diff-in-isolated-index';
import { createTreeBuilder } from './tree-builder';
import { withScratchIndex } from './worktree';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]);

/** A base commit with nested folders, names that sort around `/`, an executable and a binary file. */
function setup(t: { after: (fn: () => void) => void }) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  initGitRepo(dir);
  writeFiles(dir, {
    'README.md': '# base\n',
    'a/b/c.txt': 'one\ntwo\n',
    'a/b/d.txt': 'dee\n',
    'a.b': 'dot\n',
    'a-b/x.md': 'dash\n',
    'only/one.md': 'alone\n',
    'bin/run.sh': '#!/bin/sh\necho hi\n',
    'logo.png': PNG,
  });
  chmodSync(path.join(dir, 'bin/run.sh'), 0o755);
  const base = commitFiles(dir, {});
  return { dir, base, tree: git(dir, 'rev-parse', `${base}^{tree}`).trim() };
}

/**
 * The patch step's diff of `files` (and `deletions`) against the base, then the tree two ways: git's
 * (`apply --cached` in a scratch index, `write-tree`) and the builder's from the diff's raw records.
 */
async function bothTrees(
  t: { after: (fn: () => void | Promise<void>) => void },
  dir: string,
  base: string,
  baseTree: string,
  files: Record<string, string | Buffer>,
  options: { deletions?: string[]; executable?: string[] } = {},
) {
  const filesDir = path.join(dir, '.patches/T/files');
  writeFiles(filesDir, files);
  for (const file of options.executable ?? []) chmodSync(path.join(filesDir, file), 0o755);
  const diff = await diffInIsolatedIndex({
    git: gitAt(dir),
    base,
    filesDir,
    paths: Object.keys(files),
    deletions: options.deletions ?? [],
  });
  const diffFile = path.join(dir, 'patch.diff');
  writeFileSync(diffFile, diff.patch);
  const viaGit = await withScratchIndex(gitAt(dir), base, async (scratch) => {
    const outcome = await applyPatch3way(scratch, diffFile, { resetTo: base });
    assert.ok(outcome.applied, 'git applies the diff');
    return writeTree(scratch);
  });
  const builder = createTreeBuilder(gitAt(dir));
  t.after(builder.dispose);
  assert.ok(diff.changes, 'the raw records were read');
  return { viaGit, built: await builder.build(baseTree, diff.changes), builder };
}

describe('trees built from a diff', () => {
  const cases: [string, Record<string, string | Buffer>, { deletions?: string[]; executable?: string[] }][] = [
    ['a new file at the top', { 'NEW.md': '# new\n' }, {}],
    ['a changed file two folders down', { 'a/b/c.txt': 'one\nTWO\nthree\n' }, {}],
    ['new folders', { 'x/y/z.md': 'zed\n', 'x/w.md': 'w\n' }, {}],
    ['names that sort around a folder', { 'a/0.txt': '0\n', 'a.c': 'c\n', 'a-b/y.md': 'y\n', a_b: 'u\n' }, {}],
    ['the last file of a folder deleted, so the folder goes', {}, { deletions: ['only/one.md'] }],
    ['a file moved (a rename)', { 'docs/c.txt': 'one\ntwo\n' }, { deletions: ['a/b/c.txt'] }],
    ['an executable script', { 'bin/new.sh': '#!/bin/sh\n' }, { executable: ['bin/new.sh'] }],
    ['a script made plain', { 'bin/run.sh': '#!/bin/sh\necho hi\n' }, {}],
    ['a binary file changed', { 'logo.png': Buffer.concat([PNG, Buffer.from([1, 2, 3])]) }, {}],
    ['a name with spaces and unicode', { 'docs/ünï code.md': 'ü\n', 'a/b/with space.txt': 's\n' }, {}],
  ];
  for (const [name, files, options] of cases) {
    it(`equals git's apply and write-tree: ${name}`, async (t) => {
      const { dir, base, tree } = setup(t);
      const { viaGit, built } = await bothTrees(t, dir, base, tree, files, options);
      assert.equal(built, viaGit);
      git(dir, 'fsck', '--strict', '--no-dangling');
    });
  }

  it('leaves to git what it cannot build the same way: a folder where the base has a file', async (t) => {
    const { dir, base, tree } = setup(t);
    const builder = createTreeBuilder(gitAt(dir));
    t.after(builder.dispose);
    const blob = git(dir, 'rev-parse', `${base}:README.md`).trim();
    assert.equal(await builder.build(tree, [{ path: 'README.md/x', mode: '100644', oid: blob }]), null);
    assert.equal(await builder.build(tree, [{ path: 'a', mode: '100644', oid: blob }]), null, 'a file where the base has a folder');
    assert.equal(await builder.build(tree, [{ path: 'gone.md', mode: null }]), null, 'deleting what is not there');
    assert.equal(await builder.build(tree, [{ path: 'a/../b', mode: '100644', oid: blob }]), null);
    assert.equal(await builder.build('0'.repeat(40), [{ path: 'x', mode: '100644', oid: blob }]), null, 'an unknown base');
    assert.equal(await builder.hasTree(tree), true);
    assert.equal(await builder.hasTree(blob), false);
    assert.equal(await builder.hasTree('f'.repeat(40)), false);
  });
});
