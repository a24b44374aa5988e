import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { replyLockPath } from '@taskpod/core';
import { makeTempDir, sendJson, startLoopbackServer } from '@taskpod/testing';
import { keyRequest } from './key-request';
import { obtainReply } from './obtain-reply';
import { replyKey } from './reply-store';
import type { Completion, ModelRequest, Provider } from './types';

// The modules themselves: the lib's index exports only what other libs use.
const MODULES = {
  client: path.join(__dirname, 'create-openai-client.js'),
  provider: path.join(__dirname, 'openai-provider.js'),
  obtain: path.join(__dirname, 'obtain-reply.js'),
  key: path.join(__dirname, 'key-request.js'),
};
const CORE = require.resolve('@taskpod/core');
const reply = { summary: 'Wrote the doc', files: [{ path: 'docs/a.md', content: '# A\n' }] };
const request: ModelRequest = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'do it' }],
  parameters: {},
  response_format: null,
};

/** One `run` as its own process: the real openai client against the given server, through obtainReply. */
const CHILD = `
  const { buildConfig } = require(${JSON.stringify(CORE)});
  const { createOpenAIClient } = require(${JSON.stringify(MODULES.client)});
  const { createOpenAIProvider } = require(${JSON.stringify(MODULES.provider)});
  const { obtainReply } = require(${JSON.stringify(MODULES.obtain)});
  const { keyRequest } = require(${JSON.stringify(MODULES.key)});
  const [root, url, fresh] = process.argv.slice(2);
  const config = buildConfig({ openai: { maxRetries: 0, timeoutMs: 30000, structuredOutput: false } });
  const env = { OPENAI_API_KEY: 'sk-test-0123456789', OPENAI_BASE_URL: url + '/v1' };
  const provider = createOpenAIProvider({ client: () => createOpenAIClient(env, config), config, env });
  const request = ${JSON.stringify(request)};
  process.stdout.write('ready\\n');
  process.stdin.once('data', async () => {
    const got = await obtainReply(root, keyRequest(request), provider, { taskId: 'T1', fresh: fresh === 'fresh' });
    process.stdout.write(JSON.stringify({ fromStore: got.fromStore, summary: got.completion.reply.summary }) + '\\n');
    process.exit(0);
  });
`;

async function runTwoAtOnce(root: string, url: string, fresh: boolean) {
  const script = path.join(root, 'child.js');
  writeFileSync(script, CHILD);
  const children = [0, 1].map(() =>
    spawn(process.execPath, [script, root, url, fresh ? 'fresh' : ''], { stdio: ['pipe', 'pipe', 'pipe'] }),
  );
  const out = children.map(() => ({ stdout: '', stderr: '' }));
  // A child that dies before it is ready fails the test instead of leaving it waiting.
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve, reject) => {
          let stderr = '';
          c.stderr.on('data', (d) => (stderr += d));
          c.stdout.once('data', () => resolve());
          c.once('exit', (code) => reject(new Error(`child exited ${code} before it was ready: ${stderr}`)));
        }),
    ),
  );
  const exits = children.map((c, i) => {
    c.stdout.on('data', (d) => (out[i].stdout += d));
    c.stderr.on('data', (d) => (out[i].stderr += d));
    return new Promise<number | null>((resolve) => c.on('exit', resolve));
  });
  for (const c of children) c.stdin.end('go\n'); // both start together, after every module has loaded
  assert.deepEqual(await Promise.all(exits), [0, 0], out.map((o) => o.stderr).join('\n'));
  return out.map((o) => JSON.parse(o.stdout) as { fromStore: boolean; summary: string });
}

/** An OpenAI-compatible server whose answer takes about a second, like a real model. */
async function slowModel() {
  return startLoopbackServer(async (_req, res) => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    sendJson(res, 200, {
      id: 'c1',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(reply), refusal: null } }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    });
  });
}

for (const fresh of [false, true]) {
  test(`two processes running one request at once${fresh ? ' with --fresh' : ''} make one model call; the second takes the stored reply`, async (t) => {
    const { dir: root, cleanup } = makeTempDir();
    t.after(cleanup);
    const server = await slowModel();
    t.after(() => server.close());
    const results = await runTwoAtOnce(root, server.url, fresh);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(
      results.map((r) => r.summary),
      [reply.summary, reply.summary],
    );
    assert.deepEqual(results.map((r) => r.fromStore).sort(), [false, true]);
    assert.equal(existsSync(path.join(root, replyLockPath(replyKey(request)))), false, 'the claim is released');
  });
}

const failing: Provider = {
  name: 'openai',
  complete: async (): Promise<Completion> => {
    throw new Error('model down');
  },
};
const answering: Provider = { name: 'openai', complete: async () => ({ reply, tokensIn: 1, tokensOut: 1, model: 'm', costUsd: 0 }) };

test('a failed model call releases the claim, so the next run asks at once', async (t) => {
  const { dir: root, cleanup } = makeTempDir();
  t.after(cleanup);
  await assert.rejects(obtainReply(root, keyRequest(request), failing, { taskId: 'T1' }), /model down/);
  assert.equal(existsSync(path.join(root, replyLockPath(replyKey(request)))), false);
  // Waiting is switched off: a claim left behind would fail this run instead of delaying it.
  const got = await obtainReply(root, keyRequest(request), answering, { taskId: 'T1', lock: { waitMs: 0 } });
  assert.equal(got.fromStore, false);
});

test('the claim of a killed process is taken over once stale', async (t) => {
  const { dir: root, cleanup } = makeTempDir();
  t.after(cleanup);
  const lock = path.join(root, replyLockPath(replyKey(request)));
  mkdirSync(lock, { recursive: true });
  const old = new Date(Date.now() - 60_000);
  utimesSync(lock, old, old);
  const got = await obtainReply(root, keyRequest(request), answering, { taskId: 'T1', lock: { waitMs: 0 } });
  assert.equal(got.fromStore, false);
  assert.equal(existsSync(lock), false);
});

test('a live claim is waited for, and a run told not to wait gives up with a message naming the claim', async (t) => {
  const { dir: root, cleanup } = makeTempDir();
  t.after(cleanup);
  mkdirSync(path.join(root, replyLockPath(replyKey(request))), { recursive: true });
  await assert.rejects(
    obtainReply(root, keyRequest(request), answering, { taskId: 'T1', lock: { waitMs: 0 } }),
    /Could not claim \.patches\/\.locks\/[0-9a-f]{64}\.lock/,
  );
});
