import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderError, buildConfig } from '@taskpod/core';
import { sendJson, startLoopbackServer } from '@taskpod/testing';
import { createOpenAIClient } from './create-openai-client';
import { createOpenAIProvider } from './openai-provider';
import { REPLY_RESPONSE_FORMAT } from './reply-contract';
import type { ModelRequest } from './types';

const KEY = 'sk-test-secret-0123456789';
const reply = { summary: 'Wrote the doc', files: [{ path: 'docs/a.md', content: '# A\n' }] };
const request: ModelRequest = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'sys' },
    { role: 'user', content: 'do it' },
  ],
  parameters: { temperature: 0 },
  response_format: REPLY_RESPONSE_FORMAT,
};

const completion = (content: string, usage = { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500 }) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content, refusal: null } }],
  usage,
});

function providerFor(url: string, openai: Partial<{ maxRetries: number; timeoutMs: number }> = {}) {
  const config = buildConfig({ openai: { maxRetries: 2, timeoutMs: 5000, structuredOutput: true, ...openai } });
  const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${url}/v1` };
  return createOpenAIProvider({ client: createOpenAIClient(env, config), config, env });
}

test('openai: sends messages, model, parameters and response_format; reads reply, tokens and cost', async (t) => {
  const server = await startLoopbackServer((_req, res) => sendJson(res, 200, completion(JSON.stringify(reply))));
  t.after(() => server.close());
  const result = await providerFor(server.url).complete(request, { taskId: 'T1' });
  assert.deepEqual(result.reply, reply);
  assert.equal(result.tokensIn, 1000);
  assert.equal(result.tokensOut, 500);
  assert.equal(result.model, 'gpt-4o-mini-2024-07-18');
  assert.equal(result.costUsd, 0.00045); // priced as gpt-4o-mini: 1000*0.15/1e6 + 500*0.6/1e6
  assert.equal(server.requests.length, 1);
  const sent = server.requests[0];
  assert.equal(sent.url, '/v1/chat/completions');
  assert.equal(sent.headers.authorization, `Bearer ${KEY}`);
  assert.deepEqual(sent.json, {
    temperature: 0,
    model: 'gpt-4o-mini',
    messages: request.messages,
    response_format: REPLY_RESPONSE_FORMAT,
    stream: false,
  });
});

test('openai: a fenced JSON reply is parsed tolerantly', async (t) => {
  const server = await startLoopbackServer((_req, res) =>
    sendJson(res, 200, completion(`Here you go:\n\`\`\`json\n${JSON.stringify(reply)}\n\`\`\``)),
  );
  t.after(() => server.close());
  const result = await providerFor(server.url).complete({ ...request, response_format: null }, { taskId: 'T1' });
  assert.deepEqual(result.reply, reply);
  assert.equal((server.requests[0].json as Record<string, unknown>).response_format, undefined);
});

test('openai: 429 then success is retried by the SDK', async (t) => {
  let calls = 0;
  const server = await startLoopbackServer((_req, res) => {
    calls += 1;
    if (calls === 1) return sendJson(res, 429, { error: { message: 'slow down' } }, { 'retry-after-ms': '10' });
    sendJson(res, 200, completion(JSON.stringify(reply)));
  });
  t.after(() => server.close());
  const result = await providerFor(server.url).complete(request, { taskId: 'T1' });
  assert.deepEqual(result.reply, reply);
  assert.equal(server.requests.length, 2);
});

test('openai: 500 after the retries is a ProviderError with the status and a hint', async (t) => {
  const server = await startLoopbackServer((_req, res) => sendJson(res, 500, { error: { message: 'boom' } }, { 'retry-after-ms': '10' }));
  t.after(() => server.close());
  await assert.rejects(providerFor(server.url, { maxRetries: 2 }).complete(request, { taskId: 'T9' }), (error: unknown) => {
    assert.ok(error instanceof ProviderError);
    assert.equal(error.status, 500);
    assert.match(error.message, /task T9.*HTTP 500.*boom.*after retries/s);
    return true;
  });
  assert.equal(server.requests.length, 3);
});

test('openai: 401 names OPENAI_API_KEY but never echoes the key', async (t) => {
  const server = await startLoopbackServer((_req, res) =>
    sendJson(res, 401, { error: { message: `Incorrect API key provided: ${KEY}`, code: 'invalid_api_key' } }),
  );
  t.after(() => server.close());
  await assert.rejects(providerFor(server.url).complete(request, { taskId: 'T1' }), (error: unknown) => {
    assert.ok(error instanceof ProviderError);
    assert.equal(error.status, 401);
    assert.match(error.message, /Check OPENAI_API_KEY/);
    assert.ok(!error.message.includes(KEY), error.message);
    return true;
  });
});

test('openai: a reply that is not the JSON contract is a clear error', async (t) => {
  const server = await startLoopbackServer((_req, res) => sendJson(res, 200, completion('{"summary": "x", "files": [')));
  t.after(() => server.close());
  await assert.rejects(
    providerFor(server.url).complete(request, { taskId: 'T1' }),
    /gave task T1 no usable reply: the reply is not valid JSON.*It began: "\{\\"summary/s,
  );
});

test('openai: an HTTP body that is not JSON is a clear ProviderError', async (t) => {
  const server = await startLoopbackServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id": "chatcmpl-1", "choices": [');
  });
  t.after(() => server.close());
  await assert.rejects(providerFor(server.url).complete(request, { taskId: 'T4' }), (error: unknown) => {
    assert.ok(error instanceof ProviderError);
    assert.match(error.message, /OpenAI request for task T4 \(model gpt-4o-mini, http:\/\/127\.0\.0\.1:\d+\/v1\) failed: .*JSON/);
    return true;
  });
});

test('openai: a reply with the wrong shape names the bad field', async (t) => {
  const server = await startLoopbackServer((_req, res) =>
    sendJson(res, 200, completion('{"summary": "x", "files": [{"path": 3, "content": ""}]}')),
  );
  t.after(() => server.close());
  await assert.rejects(providerFor(server.url).complete(request, { taskId: 'T1' }), /files\[0\]\.path is not a string/);
});

test('openai: a server that never answers times out with a clear error', async (t) => {
  const server = await startLoopbackServer(() => new Promise<void>(() => {}));
  t.after(() => server.close());
  await assert.rejects(providerFor(server.url, { timeoutMs: 100, maxRetries: 0 }).complete(request, { taskId: 'T1' }), (error: unknown) => {
    assert.ok(error instanceof ProviderError);
    assert.match(error.message, /timed out/);
    return true;
  });
});

test('openai: no OPENAI_API_KEY is a clear error before any request', () => {
  assert.throws(() => createOpenAIClient({}, buildConfig({})), /needs OPENAI_API_KEY/);
});

/** OPENAI_BASE_URL with a user and password and a key in the query, as some gateways take it. */
const SECRET_URL_PARTS = ['alice', 'hunter2pass', 'SECRET-in-query-42'];
const withCredentials = (url: string) => `${url.replace('http://', 'http://alice:hunter2pass@')}/v1?api-key=SECRET-in-query-42`;
const directProvider = (baseUrl: string) => {
  const config = buildConfig({ openai: { maxRetries: 0, timeoutMs: 5000, structuredOutput: true } });
  const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: baseUrl };
  return createOpenAIProvider({ client: createOpenAIClient(env, config), config, env });
};
const assertNoUrlSecrets = (error: unknown, host: RegExp) => {
  assert.ok(error instanceof ProviderError);
  assert.match(error.message, host, 'the message names the host');
  for (const part of SECRET_URL_PARTS) assert.ok(!error.message.includes(part), `${part} in: ${error.message}`);
  return true;
};

test('openai: credentials and ?api-key= in OPENAI_BASE_URL never appear when it cannot connect', async (_t) => {
  const closed = await startLoopbackServer(() => {});
  await closed.close(); // a port nobody listens on
  await assert.rejects(directProvider(withCredentials(closed.url)).complete(request, { taskId: 'T1' }), (error: unknown) =>
    assertNoUrlSecrets(error, /127\.0\.0\.1:\d+.*could not connect/s),
  );
  await assert.rejects(
    directProvider(`${closed.url}/v1?api-key=SECRET-in-query-42`).complete(request, { taskId: 'T1' }),
    (error: unknown) => assertNoUrlSecrets(error, /127\.0\.0\.1:\d+.*could not connect/s),
  );
});

test('openai: ?api-key= in OPENAI_BASE_URL never appears in a 404, even when the server echoes the path', async (t) => {
  const server = await startLoopbackServer((req, res) => sendJson(res, 404, { error: { message: `no route ${req.url}` } }));
  t.after(() => server.close());
  await assert.rejects(
    directProvider(`${server.url}/v1?api-key=SECRET-in-query-42`).complete(request, { taskId: 'T1' }),
    (error: unknown) => assertNoUrlSecrets(error, /127\.0\.0\.1:\d+.*HTTP 404/s),
  );
  assert.equal(server.requests.length, 1);
});
