import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { GIT_TEST_ENV, commitFiles, git, gitCommandsDuring, initGitRepo, makeTempDir } from '@taskpod/testing';
import { commitTree } from './commit';
import { createCommitWriter } from './commit-writer';

function setup(t: { after: (fn: () => void) => void }) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  initGitRepo(dir);
  const base = commitFiles(dir, { 'a.txt': 'a\n' });
  const tree = git(dir, 'rev-parse', `${base}^{tree}`);
  return { dir, base, tree };
}

const message = { subject: 'T1: add a\nbody line', trailers: { 'Task-Id': 'T1', Pod: 'DevPod', Patch: 'patch_x_T1.diff' } };

describe('createCommitWriter', () => {
  it('writes the very commit commit-tree writes, byte for byte, with one git process for many commits', async (t) => {
    const { dir, base, tree } = setup(t);
    // Fixed dates make the two objects comparable; the identity comes from the environment as for commit-tree.
    const env = { ...process.env, ...GIT_TEST_ENV, GIT_AUTHOR_DATE: '1700000000 +0200', GIT_COMMITTER_DATE: '1700000100 -0500' };
    const expected = await commitTree({ cwd: dir, env }, tree, base, message);
    const writer = createCommitWriter({ cwd: dir, env });
    let ids: string[] = [];
    const commands = await gitCommandsDuring(async () => {
      ids = await Promise.all(Array.from({ length: 5 }, () => writer.commitTree(tree, base, message)));
      await writer.dispose();
    });
    assert.deepEqual(ids, Array(5).fill(expected));
    assert.deepEqual(commands.filter((c) => c !== 'var').sort(), ['hash-object']);
    assert.equal(git(dir, 'cat-file', '-t', expected), 'commit');
  });

  it('stamps each commit with the time it is written when no date is fixed, as commit-tree does', async (t) => {
    const { dir, base, tree } = setup(t);
    const env = { ...process.env, ...GIT_TEST_ENV };
    const writer = createCommitWriter({ cwd: dir, env });
    t.after(() => writer.dispose());
    const before = Math.floor(Date.now() / 1000);
    const id = await writer.commitTree(tree, base, message);
    const [author, committer] = git(dir, 'log', '-1', '--format=%an <%ae> %at%n%cn <%ce> %ct', id).split('\n');
    for (const ident of [author!, committer!]) {
      assert.match(ident, /^Test Author <author@example\.test> \d+$/);
      assert.ok(Number(ident.split(' ').pop()) >= before && Number(ident.split(' ').pop()) <= Math.floor(Date.now() / 1000) + 1);
    }
    assert.equal(git(dir, 'log', '-1', '--format=%B', id), 'T1: add a\n\nbody line\n\nTask-Id: T1\nPod: DevPod\nPatch: patch_x_T1.diff');
    assert.equal(git(dir, 'rev-parse', `${id}^`), base);
  });

  for (const [what, config] of [
    ['signing is configured', '[commit]\n\tgpgsign\n[gpg]\n\tprogram = true\n'],
    ['a commit encoding other than UTF-8 is configured', '[i18n]\n\tcommitEncoding = ISO-8859-1\n'],
  ]) {
    it(`writes what commit-tree writes when ${what} (it leaves those commits to commit-tree)`, async (t) => {
      const { dir, base, tree } = setup(t);
      appendFileSync(path.join(dir, '.git', 'config'), config!);
      const env = { ...process.env, ...GIT_TEST_ENV, GIT_AUTHOR_DATE: '1700000000 +0000', GIT_COMMITTER_DATE: '1700000000 +0000' };
      const expected = await commitTree({ cwd: dir, env }, tree, base, message).catch((error: Error) => error.message);
      const writer = createCommitWriter({ cwd: dir, env });
      t.after(() => writer.dispose());
      const commands = await gitCommandsDuring(async () => {
        assert.equal(await writer.commitTree(tree, base, message).catch((error: Error) => error.message), expected);
      });
      assert.ok(commands.includes('commit-tree') && !commands.includes('hash-object'), commands.join(', '));
    });
  }

  it('fails as commit-tree fails when no identity is configured', async (t) => {
    const { dir, base, tree } = setup(t);
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: '1', EMAIL: '' };
    git(dir, 'config', '--unset', 'user.name');
    git(dir, 'config', '--unset', 'user.email');
    git(dir, 'config', 'user.useConfigOnly', 'true');
    const writer = createCommitWriter({ cwd: dir, env });
    t.after(() => writer.dispose());
    await assert.rejects(writer.commitTree(tree, base, message), /is user\.name and user\.email configured/);
  });
});
