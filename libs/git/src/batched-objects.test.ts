import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { git, gitAt, gitCommandsDuring, initGitRepo, makeTempDir } from '@taskpod/testing';
import { readLocalRef, readNoteFile, readNoteMessage, setLocalRef, writeNoteCommit } from './note-commits';

/** A repository and its GitContext. */
function setup(t: { after: (fn: () => void) => void }) {
  const { dir: repo, cleanup } = makeTempDir();
  t.after(cleanup);
  initGitRepo(repo);
  return { repo, ctx: gitAt(repo) };
}

describe('note commits written and read together', () => {
  it('share one git process per kind of object, and read back exactly what was written', async (t) => {
    const { repo, ctx } = setup(t);
    const ids = Array.from({ length: 20 }, (_, i) => `T${i}`);
    const write = (id: string, i: number) =>
      writeNoteCommit(ctx, `claim ${id}\nline two\n`, i % 2 ? { 'reply.json': `{"id":"${id}"}\n` } : {});
    let claims: (string | null)[] = [];
    let replies: (string | null)[] = [];
    // Claims have no files: the empty tree (once per repository), then one process for all commits.
    const claiming = await gitCommandsDuring(async () => {
      claims = await Promise.all(ids.map((id, i) => (i % 2 ? null : write(id, i))));
    });
    assert.deepEqual(claiming, ['hash-object', 'hash-object']);
    // Replies have a file: blobs, trees, commits.
    const replying = await gitCommandsDuring(async () => {
      replies = await Promise.all(ids.map((id, i) => (i % 2 ? write(id, i) : null)));
    });
    assert.deepEqual(replying, ['hash-object', 'hash-object', 'hash-object']);
    const oids = ids.map((_, i) => (i % 2 ? replies[i] : claims[i])!);
    for (const [i, oid] of oids.entries()) {
      assert.equal(git(repo, 'cat-file', '-t', oid).trim(), 'commit');
      assert.equal(git(repo, 'log', '-1', '--format=%an <%ae>', oid).trim(), 'taskpod <taskpod@localhost>');
      assert.equal(git(repo, 'rev-list', '--count', oid).trim(), '1', 'parentless');
      const files = git(repo, 'ls-tree', '--name-only', oid).trim();
      assert.equal(files, i % 2 ? 'reply.json' : '');
    }
    git(repo, 'fsck', '--strict');

    assert.deepEqual(
      await gitCommandsDuring(() => Promise.all(ids.map((id, i) => setLocalRef(ctx, `refs/taskpod/claims/${id}`, oids[i]!)))),
      ['update-ref'],
    );
    let refs: (string | null)[] = [];
    let messages: (string | null)[] = [];
    let files: (string | null)[] = [];
    const reading = await gitCommandsDuring(async () => {
      [refs, messages, files] = await Promise.all([
        Promise.all(ids.map((id) => readLocalRef(ctx, `refs/taskpod/claims/${id}`))),
        Promise.all(ids.map((id) => readNoteMessage(ctx, `refs/taskpod/claims/${id}`))),
        Promise.all(ids.map((id) => readNoteFile(ctx, `refs/taskpod/claims/${id}`, 'reply.json'))),
      ]);
    });
    assert.deepEqual(refs, oids);
    assert.deepEqual(
      messages,
      ids.map((id) => `claim ${id}\nline two\n`),
    );
    assert.deepEqual(
      files,
      ids.map((id, i) => (i % 2 ? `{"id":"${id}"}\n` : null)),
    );
    // One batch-check for the ids, one batch for the messages and files together.
    assert.deepEqual(reading, ['cat-file', 'cat-file']);
  });

  it('answers null for names that resolve to nothing, a non-commit or more than one line', async (t) => {
    const { ctx } = setup(t);
    const blob = await writeNoteCommit(ctx, 'x\n', { 'a.txt': 'a\n' });
    assert.deepEqual(
      await Promise.all([
        readLocalRef(ctx, 'refs/taskpod/claims/none'),
        readNoteMessage(ctx, 'refs/taskpod/claims/none'),
        readNoteMessage(ctx, `${blob}:a.txt`),
        readNoteMessage(ctx, `${blob}\nHEAD`),
        readLocalRef(ctx, ` ${blob}`),
        readNoteFile(ctx, blob, 'missing.txt'),
        readNoteMessage(ctx, blob),
      ]),
      [null, null, null, null, null, null, 'x\n'],
    );
  });

  it('fails only the update that cannot be made when updates share a process', async (t) => {
    const { repo, ctx } = setup(t);
    const oid = await writeNoteCommit(ctx, 'note\n');
    const results = await Promise.allSettled([
      setLocalRef(ctx, 'refs/taskpod/claims/a', oid),
      setLocalRef(ctx, 'refs/taskpod/claims/b', 'deadbeef'.repeat(5)),
      setLocalRef(ctx, 'refs/taskpod/claims/c', oid),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.match(String((results[1] as PromiseRejectedResult).reason.message), /refs\/taskpod\/claims\/b/);
    assert.equal(git(repo, 'rev-parse', 'refs/taskpod/claims/a').trim(), oid);
    assert.equal(git(repo, 'rev-parse', 'refs/taskpod/claims/c').trim(), oid);
    // Set and delete of one ref in one turn: done in the order asked.
    await Promise.all([setLocalRef(ctx, 'refs/taskpod/claims/a', oid), setLocalRef(ctx, 'refs/taskpod/claims/a', null)]);
    assert.equal(await readLocalRef(ctx, 'refs/taskpod/claims/a'), null);
  });

  it('keeps commit-tree (and its dates) when the environment fixes them', async (t) => {
    const { repo, ctx } = setup(t);
    const fixed = { ...ctx, env: { ...ctx.env, GIT_AUTHOR_DATE: '@1700000000 +0000', GIT_COMMITTER_DATE: '@1700000000 +0000' } };
    const [a, b] = await Promise.all([writeNoteCommit(fixed, 'same\n'), writeNoteCommit(fixed, 'same\n')]);
    assert.equal(a, b);
    assert.equal(git(repo, 'log', '-1', '--format=%ct', a).trim(), '1700000000');
  });
});
