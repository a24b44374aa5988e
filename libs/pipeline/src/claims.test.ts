import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ClaimedElsewhereError, buildConfig, makeTask } from '@taskpod/core';
import { readClaimedRecord } from '@taskpod/core/records';
import { GIT_TEST_ENV, commitFiles, git, gitCommandsDuring, initGitRepo, makeTempDir, startOpenAiServer } from '@taskpod/testing';
import { claimTask } from './claim-task';
import { applyStep } from './apply-step';
import { patchStep } from './patch-step';
import { releaseClaim, withdrawDelivery } from './release-claim';
import { runStep } from './run-step';
import { createBatchReads } from './batch-reads';
import { createStepContext, workspaceGit } from './step-context';

const T0 = new Date('2026-12-04T10:00:00.000Z');
const task = makeTask({ id: 'DOC-1', outputs: ['docs/**'] });

/**
 * A bare origin with one commit, two clones of it (two runners, `one` and `two`, with a 60 s lease)
 * and a loopback model counting the requests per task. `at(ms)` moves both runners' clocks.
 */
async function setup(
  t: { after: (fn: () => void | Promise<void>) => void },
  options: { origin?: boolean; hold?: (id: string) => Promise<void> } = {},
) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  const origin = path.join(dir, 'origin.git');
  const seed = path.join(dir, 'seed');
  git(dir, 'init', '-q', '--bare', '-b', 'main', origin);
  git(dir, 'clone', '-q', origin, seed);
  initGitRepo(seed);
  commitFiles(seed, { 'README.md': 'hello\n' });
  git(seed, 'push', '-q', 'origin', 'main');
  const model = await startOpenAiServer(
    (id) => ({ summary: `Wrote ${id}`, files: [{ path: 'docs/spec.md', content: `# ${id}\n` }] }),
    options.hold,
  );
  t.after(model.close);
  let now = T0.getTime();
  const runner = (name: string) => {
    const root = path.join(dir, name);
    git(dir, 'clone', '-q', origin, root);
    initGitRepo(root);
    if (options.origin === false) git(root, 'remote', 'remove', 'origin');
    const env = {
      PATH: process.env.PATH,
      ...GIT_TEST_ENV,
      OPENAI_API_KEY: 'sk-claims-test',
      OPENAI_BASE_URL: model.url,
      TASKPOD_RUNNER: name,
      TASKPOD_CLAIM_LEASE: '60',
    };
    const config = buildConfig({ provider: 'openai', openai: { maxRetries: 0, timeoutMs: 5000, structuredOutput: true } });
    const logs: string[] = [];
    return { root, logs, ctx: createStepContext(root, config, { env, now: () => new Date(now), log: (line) => logs.push(line) }) };
  };
  const claimOnOrigin = (id = 'DOC-1') => {
    const out = git(origin, 'for-each-ref', '--format=%(objectname)', `refs/taskpod/claims/${id}`);
    return out ? (JSON.parse(git(origin, 'log', '-1', '--format=%b', out)) as Record<string, unknown>) : null;
  };
  return {
    origin,
    model,
    one: runner('one'),
    two: runner('two'),
    at: (ms: number) => void (now = T0.getTime() + ms),
    claimOnOrigin,
  };
}

describe('claims on origin', () => {
  it('with no TASKPOD_RUNNER, every process of one clone is one runner (a rerun takes its own claim over); another clone is not', async (t) => {
    const { one, two, model } = await setup(t);
    const unnamed = (ctx: typeof one.ctx) =>
      createStepContext(ctx.root, ctx.config, { env: { ...ctx.env, TASKPOD_RUNNER: '' }, now: ctx.now, log: ctx.log });
    await runStep(unnamed(one.ctx), task);
    // A second process in the same clone (a retry of `nx run DOC-1:run`): not skipped by its own claim.
    const again = await runStep(unnamed(one.ctx), task, { fresh: true });
    assert.equal(again?.from_store, false);
    assert.deepEqual(model.calls, ['DOC-1', 'DOC-1']);
    await assert.rejects(runStep(unnamed(two.ctx), task), ClaimedElsewhereError);
    assert.equal(model.calls.length, 2, 'the other clone asks nothing');
  });

  it('the first runner claims; the second skips before paying, naming the holder and its lease', async (t) => {
    const { one, two, model, claimOnOrigin } = await setup(t);
    await runStep(one.ctx, task);
    assert.deepEqual(model.calls, ['DOC-1']);
    assert.deepEqual(
      { runner: claimOnOrigin()!.runner, state: claimOnOrigin()!.state, lease: claimOnOrigin()!.lease_expires_at },
      { runner: 'one', state: 'claimed', lease: '2026-12-04T10:01:00.000Z' },
    );
    await assert.rejects(runStep(two.ctx, task), (error: Error) => {
      assert.ok(error instanceof ClaimedElsewhereError);
      assert.equal(error.message, 'DOC-1: skipped: claimed by one since 2026-12-04T10:00:00.000Z (lease until 2026-12-04T10:01:00.000Z).');
      return true;
    });
    assert.deepEqual(model.calls, ['DOC-1'], 'the loser asks nothing');
    assert.equal((await readClaimedRecord(path.join(two.root, '.git'), 'DOC-1'))?.runner, 'one');
    assert.equal(
      git(two.root, 'status', '--porcelain', '--untracked-files=all', '--', '.patches/DOC-1'),
      '',
      'nothing to commit: clones never conflict over it',
    );
  });

  it('a runner that died is taken over once its lease expired, and its paid reply is reused from origin', async (t) => {
    const { one, two, model, at, claimOnOrigin } = await setup(t);
    await runStep(one.ctx, task); // `one` is then killed: no log, no release
    at(59_000);
    await assert.rejects(runStep(two.ctx, task), ClaimedElsewhereError);
    at(61_000);
    const record = await runStep(two.ctx, task);
    assert.equal(record!.from_store, true, 'the reply `one` paid for came through origin');
    assert.deepEqual(model.calls, ['DOC-1']);
    assert.equal(claimOnOrigin()!.runner, 'two');
    assert.match(two.logs.join('\n'), /DOC-1: took over the claim of one \(its lease expired at 2026-12-04T10:01:00.000Z\)/);
    // The dead runner, come back, cannot release what is no longer its claim.
    assert.match((await releaseClaim(one.ctx, 'DOC-1')) ?? '', /taken over by another runner/);
    assert.equal(claimOnOrigin()!.runner, 'two');
  });

  it('a model call longer than the lease keeps its claim: it is renewed every half lease', async (t) => {
    const { one, two, model, claimOnOrigin } = await setup(t, { hold: () => new Promise((resolve) => setTimeout(resolve, 2_500)) });
    const live = (ctx: typeof one.ctx) => ({ ...ctx, now: () => new Date(), env: { ...ctx.env, TASKPOD_CLAIM_LEASE: '1' } });
    const slow = runStep(live(one.ctx), task);
    for (let waited = 0; model.calls.length === 0; waited += 50) {
      assert.ok(waited < 10_000, 'runner one reached the model');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const first = claimOnOrigin()!.lease_expires_at as string;
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // past the first lease
    await assert.rejects(runStep(live(two.ctx), task), /skipped: claimed by one/);
    assert.ok(Date.parse(claimOnOrigin()!.lease_expires_at as string) > Date.parse(first), 'renewed');
    await slow;
    assert.deepEqual(model.calls, ['DOC-1']);
  });

  it('a failure releases the claim (deleted), so the next runner runs at once', async (t) => {
    const { one, two, model, claimOnOrigin } = await setup(t);
    await runStep(one.ctx, task);
    assert.equal(await releaseClaim(one.ctx, 'DOC-1'), null);
    assert.equal(claimOnOrigin(), null);
    assert.equal((await runStep(two.ctx, task))!.from_store, true);
    assert.deepEqual(model.calls, ['DOC-1']);
  });

  it('a delivered task is not run again for the same request, but is for a new one or with --fresh', async (t) => {
    const { one, two, model, claimOnOrigin } = await setup(t);
    await runStep(one.ctx, task);
    assert.equal(await releaseClaim(one.ctx, 'DOC-1', { branch: 'taskpod/DOC-1', pr_url: 'https://github.example/pull/1' }), null);
    assert.deepEqual(
      { state: claimOnOrigin()!.state, lease: claimOnOrigin()!.lease_expires_at, branch: claimOnOrigin()!.branch },
      { state: 'delivered', lease: null, branch: 'taskpod/DOC-1' },
    );
    await assert.rejects(
      runStep(two.ctx, task),
      /DOC-1: skipped: delivered by one \(taskpod\/DOC-1, https:\/\/github.example\/pull\/1\) for this same request; run with --fresh to ask anew\.$/,
    );
    const changed = makeTask({ id: 'DOC-1', description: 'Write the spec again, shorter', outputs: ['docs/**'] });
    await runStep(two.ctx, changed);
    assert.equal(claimOnOrigin()!.runner, 'two');
    assert.deepEqual(model.calls, ['DOC-1', 'DOC-1'], 'a new request is asked');
    await releaseClaim(two.ctx, 'DOC-1', { branch: 'taskpod/DOC-1' });
    await runStep(one.ctx, changed, { fresh: true });
    assert.equal(claimOnOrigin()!.runner, 'one');
  });

  it('an apply whose run was not claimed here (an Nx cache replay) claims before it pushes, and skips a held task', async (t) => {
    const { one, two, origin } = await setup(t);
    await runStep(one.ctx, task);
    // `two` has run files it did not claim for, as a run replayed from Nx's cache leaves them.
    await runStep({ ...two.ctx, env: { ...two.ctx.env, TASKPOD_CLAIMS: 'off' } }, task);
    await patchStep(two.ctx, task);
    await assert.rejects(applyStep(two.ctx, task), ClaimedElsewhereError);
    assert.equal(git(origin, 'for-each-ref', 'refs/heads/taskpod/'), '', 'nothing was pushed');
    await patchStep(one.ctx, task);
    // As an Nx batch applies: the claims read once for the batch; `one` holds a live one and pushes.
    const reads = createBatchReads(workspaceGit(one.ctx));
    t.after(reads.dispose);
    await applyStep(one.ctx, task, { batchReads: reads });
    assert.match(git(origin, 'for-each-ref', 'refs/heads/taskpod/'), /refs\/heads\/taskpod\/DOC-1$/);
  });

  it('a claim left in a clone by a killed runner, taken over since, does not let its apply push', async (t) => {
    const { one, two, origin, at } = await setup(t);
    await runStep(one.ctx, task); // `one` is killed after its run; its claim stays in its clone
    at(61_000);
    await runStep(two.ctx, task); // takes over the expired claim
    await patchStep(one.ctx, task);
    const reads = createBatchReads(workspaceGit(one.ctx));
    t.after(reads.dispose);
    await assert.rejects(applyStep(one.ctx, task, { batchReads: reads }), /claimed by two/);
    await assert.rejects(applyStep(one.ctx, task), /claimed by two/);
    assert.equal(git(origin, 'for-each-ref', 'refs/heads/taskpod/'), '', 'nothing was pushed');
  });

  it('undo withdraws a delivery record, but leaves a claim someone holds', async (t) => {
    const { one, two, claimOnOrigin } = await setup(t);
    await runStep(one.ctx, task);
    assert.equal(await withdrawDelivery(two.ctx, 'DOC-1'), false);
    assert.equal(claimOnOrigin()!.state, 'claimed');
    await releaseClaim(one.ctx, 'DOC-1', { branch: 'taskpod/DOC-1' });
    assert.equal(await withdrawDelivery(two.ctx, 'DOC-1'), true);
    assert.equal(claimOnOrigin(), null);
  });

  it('a --fresh answer replaces the shared reply of its request', async (t) => {
    const { one, origin, at, model } = await setup(t);
    const recordedAt = () => {
      const ref = git(origin, 'for-each-ref', '--format=%(refname)', 'refs/taskpod/replies/');
      return (JSON.parse(git(origin, 'show', `${ref}:reply.json`)) as { recorded_at: string }).recorded_at;
    };
    await runStep(one.ctx, task);
    assert.equal(recordedAt(), T0.toISOString());
    await releaseClaim(one.ctx, 'DOC-1');
    at(5_000);
    await runStep(one.ctx, task, { fresh: true });
    assert.deepEqual(model.calls, ['DOC-1', 'DOC-1']);
    assert.equal(recordedAt(), '2026-12-04T10:00:05.000Z');
  });

  it('claims a batch in one push: each task wins or loses on its own', async (t) => {
    const { one, two } = await setup(t);
    await claimTask(two.ctx, 'B', 'key-b');
    const outcomes = await Promise.allSettled(['A', 'B', 'C'].map((id) => claimTask(one.ctx, id, `key-${id.toLowerCase()}`)));
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
  });

  it("a batch's claims and their releases share git processes: twenty tasks cost a handful, not four each", async (t) => {
    const { one: counted, origin } = await setup(t);
    const ids = Array.from({ length: 20 }, (_, i) => `T${i}`);
    const claiming = await gitCommandsDuring(() => Promise.all(ids.map((id) => claimTask(counted.ctx, id, `key-${id}`))));
    assert.ok(claiming.length <= 8, `claiming 20 tasks started ${claiming.length} git processes: ${claiming.join(' ')}`);
    let warnings: (string | null)[] = [];
    const releasing = await gitCommandsDuring(async () => {
      warnings = await Promise.all(ids.map((id) => releaseClaim(counted.ctx, id, { branch: `taskpod/${id}` })));
    });
    assert.deepEqual(
      warnings,
      ids.map(() => null),
    );
    assert.ok(releasing.length <= 6, `releasing 20 claims started ${releasing.length} git processes: ${releasing.join(' ')}`);
    // Each became its delivery record on origin, and no local claim is left.
    for (const id of ids) {
      const oid = git(origin, 'for-each-ref', '--format=%(objectname)', `refs/taskpod/claims/${id}`);
      assert.deepEqual(
        (({ state, branch, task_id }) => ({ state, branch, task_id }))(JSON.parse(git(origin, 'log', '-1', '--format=%b', oid))),
        { state: 'delivered', branch: `taskpod/${id}`, task_id: id },
      );
    }
    assert.equal(git(counted.root, 'for-each-ref', 'refs/taskpod/claims/'), '');
  });

  it('without an origin (one machine) nothing is claimed and the run is as before', async (t) => {
    const { one, model } = await setup(t, { origin: false });
    assert.equal((await runStep(one.ctx, task))!.from_store, false);
    assert.equal(await releaseClaim(one.ctx, 'DOC-1'), null);
    assert.equal(git(one.root, 'for-each-ref', 'refs/taskpod/'), '');
    assert.deepEqual(model.calls, ['DOC-1']);
  });

  it('an origin that refuses the claim stops the run before the model is asked, naming TASKPOD_CLAIMS=off', async (t) => {
    const { one, model } = await setup(t);
    git(one.root, 'remote', 'set-url', 'origin', path.join(one.root, 'no-such-origin.git'));
    await assert.rejects(runStep(one.ctx, task), (error: Error) => {
      assert.match(error.message, /^Could not claim task DOC-1 on origin \(refs\/taskpod\/claims\/DOC-1\), so no model was asked/);
      assert.match(error.message, /set TASKPOD_CLAIMS=off to run without claims/);
      return true;
    });
    assert.deepEqual(model.calls, []);
  });

  it('TASKPOD_CLAIMS=off runs without claims; a bad lease or switch is refused before anything is paid', async (t) => {
    const { one, two, model, origin } = await setup(t);
    await runStep({ ...one.ctx, env: { ...one.ctx.env, TASKPOD_CLAIMS: 'off' } }, task);
    assert.equal(git(origin, 'for-each-ref', 'refs/taskpod/'), '');
    await assert.rejects(
      runStep({ ...two.ctx, env: { ...two.ctx.env, TASKPOD_CLAIM_LEASE: '10m' } }, task),
      /Expected TASKPOD_CLAIM_LEASE to be a positive number of seconds, got `10m`/,
    );
    await assert.rejects(
      runStep({ ...two.ctx, env: { ...two.ctx.env, TASKPOD_CLAIMS: 'maybe' } }, task),
      /Expected TASKPOD_CLAIMS to be `on` or `off`/,
    );
    assert.deepEqual(model.calls, ['DOC-1']);
  });
});
