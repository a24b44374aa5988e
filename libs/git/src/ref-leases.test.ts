import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { git, gitAt, initGitRepo, makeTempDir } from '@taskpod/testing';
import { readLocalRef, readNoteFile, readNoteMessage, writeNoteCommit } from './note-commits';
import { fetchRefsCoalesced, pushRefLeaseCoalesced, pushRefLeases } from './ref-leases';

/** A bare origin and two clones of it (two runners). */
function setup(t: { after: (fn: () => void) => void }) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  const origin = path.join(dir, 'origin.git');
  git(dir, 'init', '-q', '--bare', '-b', 'main', origin);
  const clones = ['one', 'two'].map((name) => {
    const clone = path.join(dir, name);
    git(dir, 'clone', '-q', origin, clone);
    initGitRepo(clone);
    return gitAt(clone);
  });
  return { origin, one: clones[0]!, two: clones[1]! };
}

const remoteRefs = (origin: string) => git(origin, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/taskpod/');

describe('pushRefLeases', () => {
  it('creates refs that must not exist, each ref winning or losing on its own in one push', async (t) => {
    const { origin, one, two } = setup(t);
    const a1 = await writeNoteCommit(one, 'one A\n');
    assert.deepEqual(await pushRefLeases(one, 'origin', [{ ref: 'refs/taskpod/claims/A', oid: a1, expect: null }]), ['ok']);
    const a2 = await writeNoteCommit(two, 'two A\n');
    const b2 = await writeNoteCommit(two, 'two B\n');
    const outcomes = await pushRefLeases(two, 'origin', [
      { ref: 'refs/taskpod/claims/A', oid: a2, expect: null },
      { ref: 'refs/taskpod/claims/B', oid: b2, expect: null },
    ]);
    assert.deepEqual(outcomes, ['stale', 'ok']);
    assert.equal(remoteRefs(origin), `refs/taskpod/claims/A ${a1}\nrefs/taskpod/claims/B ${b2}`);
  });

  it('replaces or deletes a ref only while it is the one expected', async (t) => {
    const { origin, one, two } = setup(t);
    const a1 = await writeNoteCommit(one, 'one A\n');
    await pushRefLeases(one, 'origin', [{ ref: 'refs/taskpod/claims/A', oid: a1, expect: null }]);
    const a2 = await writeNoteCommit(two, 'two A\n');
    assert.deepEqual(await pushRefLeases(two, 'origin', [{ ref: 'refs/taskpod/claims/A', oid: a2, expect: a2 }]), ['stale']);
    assert.deepEqual(await pushRefLeases(two, 'origin', [{ ref: 'refs/taskpod/claims/A', oid: a2, expect: a1 }]), ['ok']);
    // The first runner's delete, with its old lease, must not remove the second runner's ref.
    assert.deepEqual(await pushRefLeases(one, 'origin', [{ ref: 'refs/taskpod/claims/A', oid: null, expect: a1 }]), ['stale']);
    assert.equal(remoteRefs(origin), `refs/taskpod/claims/A ${a2}`);
    assert.deepEqual(await pushRefLeases(two, 'origin', [{ ref: 'refs/taskpod/claims/A', oid: null, expect: a2 }]), ['ok']);
    assert.equal(remoteRefs(origin), '');
  });

  it('shares one git push among the leases asked for at the same time', async (t) => {
    const { origin, one } = setup(t);
    const ids = ['A', 'B', 'C', 'D'];
    const oids = await Promise.all(ids.map((id) => writeNoteCommit(one, `claim ${id}\n`)));
    const traced = { ...one, env: { ...one.env, GIT_TRACE: path.join(one.cwd, '.git', 'trace.log') } };
    const outcomes = await Promise.all(
      ids.map((id, i) => pushRefLeaseCoalesced(traced, 'origin', { ref: `refs/taskpod/claims/${id}`, oid: oids[i]!, expect: null })),
    );
    assert.deepEqual(outcomes, ['ok', 'ok', 'ok', 'ok']);
    const trace = require('node:fs').readFileSync(traced.env.GIT_TRACE, 'utf8') as string;
    assert.equal(trace.match(/built-in: git push/g)?.length, 1, trace);
    assert.equal(remoteRefs(origin).split('\n').length, 4);
  });

  it('a refusal by the remote is an error, not a lost lease', async (t) => {
    const { one } = setup(t);
    const a = await writeNoteCommit(one, 'A\n');
    await assert.rejects(pushRefLeases(one, 'nowhere', [{ ref: 'refs/taskpod/claims/A', oid: a, expect: null }]), /Could not update/);
  });
});

describe('note commits', () => {
  it('round-trip a message and files through origin; a glob fetch matching nothing is fine', async (t) => {
    const { one, two } = setup(t);
    const oid = await writeNoteCommit(one, 'subject\n\n{"a":1}\n', { 'reply.json': '{"x":1}\n' });
    await pushRefLeases(one, 'origin', [{ ref: 'refs/taskpod/replies/k1', oid, expect: null }]);
    await fetchRefsCoalesced(two, 'origin', '+refs/taskpod/replies/k9*:refs/taskpod/replies/k9*');
    assert.equal(await readLocalRef(two, 'refs/taskpod/replies/k9'), null);
    await fetchRefsCoalesced(two, 'origin', '+refs/taskpod/replies/k1*:refs/taskpod/replies/k1*');
    assert.equal(await readLocalRef(two, 'refs/taskpod/replies/k1'), oid);
    assert.equal(await readNoteMessage(two, 'refs/taskpod/replies/k1'), 'subject\n\n{"a":1}\n');
    assert.equal(await readNoteFile(two, 'refs/taskpod/replies/k1', 'reply.json'), '{"x":1}\n');
    assert.equal(await readNoteFile(two, 'refs/taskpod/replies/k1', 'missing.json'), null);
  });
});
