import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeTask } from '@taskpod/core';
import { git, makeWorkspace, writeRun } from '@taskpod/testing';
import { applyStep } from './apply-step';
import { patchStep } from './patch-step';

const task = makeTask({ id: 'T1', outputs: ['src/**'] });

/** A workspace with a patch of T1 ready to apply; the step context's env is PATH alone. */
async function patched(t: { after: (fn: () => void) => void }) {
  const ws = makeWorkspace(t);
  writeRun(ws.root, 'T1', { 'src/a.ts': 'changed\n' });
  await patchStep(ws.ctx, task);
  return ws;
}

const authorOf = (root: string, rev: string) => git(root, 'log', '-1', '--format=%an <%ae> / %cn', rev);

// Git reads who commits from GIT_AUTHOR_* / GIT_COMMITTER_* and GIT_CONFIG_*: if the step's env did
// not reach git, the repository's configured user (Test Author) would sign the commit instead.
describe('the env a step is given is the env git runs with', () => {
  it('GIT_AUTHOR_* in the step env, and only there, signs the commit apply makes', async (t) => {
    const { root, ctx } = await patched(t);
    assert.equal(process.env.GIT_AUTHOR_NAME, undefined, 'the test runner sets no author of its own');
    const env = { ...ctx.env, GIT_AUTHOR_NAME: 'Step Author', GIT_AUTHOR_EMAIL: 'step@example.test', GIT_COMMITTER_NAME: 'Step Committer' };
    await applyStep({ ...ctx, env }, task);
    assert.equal(authorOf(root, 'taskpod/T1'), 'Step Author <step@example.test> / Step Committer');
  });

  it('GIT_CONFIG_* in the step env reaches git in the temporary worktree verify commands need', async (t) => {
    const { root, ctx } = await patched(t);
    const env = {
      ...ctx.env,
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: 'user.name',
      GIT_CONFIG_VALUE_0: 'Config From Env',
      GIT_CONFIG_KEY_1: 'user.email',
      GIT_CONFIG_VALUE_1: 'config@example.test',
    };
    await applyStep({ ...ctx, env, config: { ...ctx.config, verify: [[process.execPath, '-e', '']] } }, task);
    assert.equal(authorOf(root, 'taskpod/T1'), 'Config From Env <config@example.test> / Config From Env');
  });

  it('the process environment does not reach git when the step env leaves it out', async (t) => {
    const { root, ctx } = await patched(t);
    process.env.GIT_AUTHOR_NAME = 'Ambient Author';
    t.after(() => delete process.env.GIT_AUTHOR_NAME);
    await applyStep(ctx, task);
    assert.equal(authorOf(root, 'taskpod/T1'), 'Test Author <author@example.test> / Test Author');
  });
});
