import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { type RunRecord, UserError, makeTask } from '@taskpod/core';
import { makeWorkspace } from '@taskpod/testing';
import { buildRunRequest } from './build-run-request';
import { submitStep } from './submit-step';

const task = (over: Parameters<typeof makeTask>[0] = {}) =>
  makeTask({ id: 'DOC-1', description: 'Write the spec', outputs: ['docs/*.md'], ...over });
const client = { name: 'test-agent', version: '1.2.3' };
const readRun = (root: string): RunRecord => JSON.parse(readFileSync(path.join(root, '.patches/DOC-1/run.json'), 'utf8'));

test('submitted work is written as run writes it, recorded as provider mcp with the client named', async (t) => {
  const { root, ctx } = makeWorkspace(t);
  const work = {
    summary: 'Spec written',
    files: [{ path: 'docs/spec.md', content: '# Spec\n' }],
    reasoning: 'Because.',
    handoff: 'QA next.',
  };
  const record = await submitStep(ctx, task(), work, { provider: 'mcp', client });
  assert.equal(readFileSync(path.join(root, '.patches/DOC-1/files/docs/spec.md'), 'utf8'), '# Spec\n');
  const built = await buildRunRequest(ctx, task());
  assert.deepEqual(readRun(root), record);
  assert.deepEqual(
    { ...record, duration_s: 0 },
    {
      task_id: 'DOC-1',
      provider: 'mcp',
      model: 'test-agent',
      tokens_in: 0,
      tokens_out: 0,
      cost_usd: null,
      duration_s: 0,
      prompt_hash: built.promptHash,
      reply_key: built.key,
      from_store: false,
      summary: 'Spec written',
      files: ['docs/spec.md'],
      started_at: ctx.now().toISOString(),
      client,
      reasoning: 'Because.',
      handoff: 'QA next.',
    },
  );
});

test('the request the agent was shown is the one recorded, with the time since it was shown', async (t) => {
  const { root, ctx } = makeWorkspace(t);
  const at = new Date(ctx.now().getTime() - 90_000);
  await submitStep(
    ctx,
    task(),
    { summary: 's', files: [{ path: 'docs/a.md', content: 'a' }] },
    { provider: 'mcp', client, seen: { key: 'k'.repeat(64), promptHash: 'p'.repeat(64), at } },
  );
  const run = readRun(root);
  assert.deepEqual(
    [run.reply_key, run.prompt_hash, run.duration_s, run.started_at],
    ['k'.repeat(64), 'p'.repeat(64), 90, at.toISOString()],
  );
});

test('a file outside the outputs is refused, named, and nothing is written', async (t) => {
  const { root, ctx } = makeWorkspace(t);
  const work = {
    summary: 's',
    files: [
      { path: 'docs/ok.md', content: 'ok' },
      { path: 'src/a.ts', content: 'evil' },
    ],
  };
  await assert.rejects(submitStep(ctx, task(), work, { provider: 'mcp', client }), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.match(error.message, /"src\/a\.ts" does not match the task's outputs \(docs\/\*\.md\)/);
    return true;
  });
  assert.equal(existsSync(path.join(root, '.patches/DOC-1')), false);
});

test('work that breaks the reply contract is refused before anything is written', async (t) => {
  const { root, ctx } = makeWorkspace(t);
  await assert.rejects(
    submitStep(ctx, task(), { summary: 's', files: [{ path: 'docs/a.md' }] }, { provider: 'mcp', client }),
    /files\[0\]\.content is not a string; nothing was written/,
  );
  assert.equal(existsSync(path.join(root, '.patches/DOC-1')), false);
});

test('a done task takes no work unless forced', async (t) => {
  const { root, ctx } = makeWorkspace(t);
  const work = { summary: 's', files: [{ path: 'docs/a.md', content: 'a' }] };
  assert.equal(await submitStep(ctx, task({ status: 'done' }), work, { provider: 'mcp', client }), null);
  assert.equal(existsSync(path.join(root, '.patches/DOC-1')), false);
  assert.ok(await submitStep(ctx, task({ status: 'done' }), work, { provider: 'mcp', client, force: true }));
  await assert.rejects(
    submitStep(ctx, task({ status: 'blocked' }), work, { provider: 'mcp', client }),
    /is not ready: its status is `blocked`/,
  );
});
