import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ProviderError, replyPath } from '@taskpod/core';
import { makeTempDir } from '@taskpod/testing';
import { keyRequest } from './key-request';
import { obtainReply } from './obtain-reply';
import { createReplayProvider } from './replay-provider';
import { promptHash, readStoredReply, replyKey } from './reply-store';
import type { Completion, ModelRequest, Provider } from './types';

const request: ModelRequest = {
  model: 'm1',
  messages: [
    { role: 'system', content: 's' },
    { role: 'user', content: 'u' },
  ],
  parameters: { temperature: 0, top_p: 1 },
  response_format: null,
};

/** A provider that counts its calls and answers with a numbered reply. */
function countingProvider(): Provider & { calls: number } {
  const p = {
    name: 'openai',
    calls: 0,
    async complete(): Promise<Completion> {
      p.calls += 1;
      return { reply: { summary: `call ${p.calls}`, files: [] }, tokensIn: 10, tokensOut: 5, model: 'm1-2025', costUsd: 0.01 };
    },
  };
  return p;
}

test('store: the key covers messages, model, parameters and format, not key order', () => {
  const k = replyKey(request);
  assert.match(k, /^[0-9a-f]{64}$/);
  assert.equal(replyKey({ ...request, parameters: { top_p: 1, temperature: 0 } }), k);
  assert.notEqual(replyKey({ ...request, model: 'm2' }), k);
  assert.notEqual(replyKey({ ...request, parameters: { temperature: 1, top_p: 1 } }), k);
  assert.notEqual(replyKey({ ...request, messages: [request.messages[0], { role: 'user', content: 'u2' }] }), k);
  assert.notEqual(replyKey({ ...request, response_format: { type: 'json_object' } }), k);
});

test('store: the second run is answered from the store; fresh asks anew and overwrites', async (t) => {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  const provider = countingProvider();
  const now = () => new Date('2026-01-02T03:04:05Z');
  const first = await obtainReply(dir, keyRequest(request), provider, { taskId: 'T1', now });
  assert.equal(first.fromStore, false);
  assert.equal(first.promptHash, promptHash(request));
  const stored = JSON.parse(readFileSync(path.join(dir, replyPath(first.key)), 'utf8'));
  assert.deepEqual(stored, {
    key: first.key,
    request: { model: 'm1', prompt_hash: first.promptHash, parameters: request.parameters, structured_output: false },
    provider: 'openai',
    model: 'm1-2025',
    reply: { summary: 'call 1', files: [] },
    usage: { tokens_in: 10, tokens_out: 5, cost_usd: 0.01 },
    recorded_at: '2026-01-02T03:04:05.000Z',
  });
  const second = await obtainReply(dir, keyRequest(request), provider, { taskId: 'T1' });
  assert.equal(second.fromStore, true);
  assert.equal(second.completion.reply.summary, 'call 1');
  assert.equal(provider.calls, 1);
  const fresh = await obtainReply(dir, keyRequest(request), provider, { taskId: 'T1', fresh: true });
  assert.equal(fresh.fromStore, false);
  assert.equal(provider.calls, 2);
  assert.equal(readStoredReply(dir, first.key)?.reply.summary, 'call 2');
  assert.deepEqual(readdirSync(path.dirname(path.join(dir, replyPath(first.key)))), [`${first.key}.json`], 'no temp files left');
});

test('replay: answers what another provider recorded, and a miss names the task, key and how to record', async (t) => {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  const replay = createReplayProvider({ root: dir });
  await assert.rejects(obtainReply(dir, keyRequest(request), replay, { taskId: 'T5' }), (error: unknown) => {
    assert.ok(error instanceof ProviderError);
    assert.match(error.message, new RegExp(`no recorded reply for task T5 .*key ${replyKey(request)}`));
    assert.match(error.message, /running the task once with a real provider/);
    return true;
  });
  assert.equal(existsSync(path.join(dir, '.patches')), false, 'a miss writes nothing');
  await obtainReply(dir, keyRequest(request), countingProvider(), { taskId: 'T5' });
  const replayed = await obtainReply(dir, keyRequest(request), replay, { taskId: 'T5', fresh: true });
  assert.equal(replayed.completion.reply.summary, 'call 1');
  assert.equal(replayed.completion.tokensIn, 10);
});
