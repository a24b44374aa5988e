import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { commitFiles, git, gitAt, initGitRepo, makeTempDir } from '@taskpod/testing';
import { pushRefCoalesced, pushRefs } from './coalesced-push';

/** A bare origin whose post-receive hook counts pushes, and a clone with `n` commits on their own branches. */
function setup(t: { after: (fn: () => void) => void }, n: number) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  const origin = path.join(dir, 'origin.git');
  const repo = path.join(dir, 'repo');
  const pushes = path.join(dir, 'pushes.log');
  git(dir, 'init', '-q', '--bare', '-b', 'main', origin);
  writeFileSync(path.join(origin, 'hooks', 'post-receive'), `#!/bin/sh\necho push >> '${pushes}'\n`);
  chmodSync(path.join(origin, 'hooks', 'post-receive'), 0o755);
  git(dir, 'clone', '-q', origin, repo);
  initGitRepo(repo);
  const base = commitFiles(repo, { 'a.txt': 'base\n' });
  git(repo, 'push', '-q', 'origin', 'main');
  const commits = Array.from({ length: n }, (_, i) => {
    git(repo, 'checkout', '-q', '-b', `b${i}`, base);
    return commitFiles(repo, { [`f${i}.txt`]: `${i}\n` });
  });
  git(repo, 'checkout', '-q', 'main');
  const pushed = () => readFileSync(pushes, 'utf8').split('\n').filter(Boolean).length;
  const setupPushes = pushed();
  const pushCount = () => pushed() - setupPushes;
  // One GitContext for every push of a test, as a batch shares one environment.
  return { origin, repo: gitAt(repo), base, commits, pushCount };
}

describe('pushRefCoalesced', () => {
  it('sends updates that wait at the same time in one push, each with its own outcome', async (t) => {
    const { origin, repo, commits, pushCount } = setup(t, 5);
    const results = await Promise.all(commits.map((commit, i) => pushRefCoalesced(repo, 'origin', { commit, branch: `taskpod/T${i}` })));
    assert.deepEqual(
      results,
      commits.map(() => ({ ok: true })),
    );
    for (const [i, commit] of commits.entries()) assert.equal(git(origin, 'rev-parse', `taskpod/T${i}`), commit);
    assert.equal(pushCount(), 1, 'asked for in the same turn, they go together');
  });

  it('updates that arrive while a push runs go together in the next one', async (t) => {
    const { origin, repo, commits, pushCount } = setup(t, 4);
    const first = pushRefCoalesced(repo, 'origin', { commit: commits[0]!, branch: 'taskpod/T0' });
    await new Promise((resolve) => setImmediate(resolve)); // the first push is under way
    const rest = commits.slice(1).map((commit, i) => pushRefCoalesced(repo, 'origin', { commit, branch: `taskpod/T${i + 1}` }));
    assert.deepEqual(
      await Promise.all([first, ...rest]),
      commits.map(() => ({ ok: true })),
    );
    for (const [i, commit] of commits.entries()) assert.equal(git(origin, 'rev-parse', `taskpod/T${i}`), commit);
    assert.equal(pushCount(), 2);
  });

  it('keeps two updates of one branch in separate pushes, in the order they came', async (t) => {
    const { origin, repo, commits, pushCount } = setup(t, 2);
    const [a, b] = await Promise.all([
      pushRefCoalesced(repo, 'origin', { commit: commits[0]!, branch: 'taskpod/T' }),
      pushRefCoalesced(repo, 'origin', { commit: commits[1]!, branch: 'taskpod/T' }),
    ]);
    assert.deepEqual(a, { ok: true });
    assert.equal(b.ok, false, 'the second is not a fast-forward of the first');
    assert.equal(git(origin, 'rev-parse', 'taskpod/T'), commits[0]);
    assert.equal(pushCount(), 1, 'a push that is rejected as a whole runs no hook');
  });

  it('an update with another environment gets a push of its own, run with that environment', async (t) => {
    const { origin, repo, commits, pushCount } = setup(t, 2);
    const other = gitAt(repo.cwd, { ...repo.env, GIT_TRACE_PACKET: '' });
    const results = await Promise.all([
      pushRefCoalesced(repo, 'origin', { commit: commits[0]!, branch: 'taskpod/T0' }),
      pushRefCoalesced(other, 'origin', { commit: commits[1]!, branch: 'taskpod/T1' }),
    ]);
    assert.deepEqual(results, [{ ok: true }, { ok: true }]);
    assert.equal(git(origin, 'rev-parse', 'taskpod/T1'), commits[1]);
    assert.equal(pushCount(), 2);
  });
});

describe('pushRefs', () => {
  it('reads the outcome of every ref: new, up to date, non-fast-forward, stale lease', async (t) => {
    const { repo, base, commits } = setup(t, 3);
    await pushRefs(repo, 'origin', [
      { commit: commits[0]!, branch: 'x' },
      { commit: commits[1]!, branch: 'y' },
    ]);
    const outcomes = await pushRefs(repo, 'origin', [
      { commit: commits[2]!, branch: 'new' },
      { commit: commits[0]!, branch: 'x' },
      { commit: commits[2]!, branch: 'y' },
      { commit: commits[2]!, branch: 'x2', expect: base },
    ]);
    assert.deepEqual(outcomes[0], { attempt: { ok: true } });
    assert.deepEqual(outcomes[1], { attempt: { ok: true } });
    assert.equal(outcomes[2]!.attempt!.ok, false);
    assert.match((outcomes[2]!.attempt as { stderr: string }).stderr, /non-fast-forward|fetch first/);
    assert.equal(outcomes[3]!.attempt!.ok, false, 'the lease expects a branch that is not there');
    assert.match((outcomes[3]!.attempt as { stderr: string }).stderr, /stale info/);
  });

  it('a refusal by the remote is an error for that ref, naming it', async (t) => {
    const { origin, repo, commits } = setup(t, 1);
    writeFileSync(path.join(origin, 'hooks', 'pre-receive'), '#!/bin/sh\necho "policy: no pushes today" >&2\nexit 1\n');
    chmodSync(path.join(origin, 'hooks', 'pre-receive'), 0o755);
    const [outcome] = await pushRefs(repo, 'origin', [{ commit: commits[0]!, branch: 'taskpod/T1' }]);
    assert.equal(outcome!.attempt, undefined);
    assert.match(String(outcome!.error), /Could not push taskpod\/T1 to origin/);
    assert.match((outcome!.error as { stderr?: string }).stderr ?? '', /policy: no pushes today/);
  });
});
