import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import {
  GitHubError,
  ProviderError,
  type RunRecord,
  type TaskpodConfig,
  UserError,
  buildConfig,
  describeTaskpodError,
  makeTask,
  replyPath,
} from '@taskpod/core';
import { type LoopbackServer, commitFiles, initGitRepo, makeTempDir, sendJson, startLoopbackServer, writeFiles } from '@taskpod/testing';
import { runStep } from './run-step';
import { createStepContext } from './step-context';

const OPENAI_KEY = 'sk-run-step-secret-000111';
const GITHUB_TOKEN = 'ghp_run_step_secret_222333';

const task = (over: Parameters<typeof makeTask>[0] = {}) =>
  makeTask({
    id: 'DOC-1',
    description: 'Write the login spec',
    prompt: 'prompts/doc.liquid',
    memory: ['memory/memory.yaml'],
    inputs: ['src/login.ts'],
    outputs: ['docs/<feature>/spec.md'],
    dependsOn: ['DES-1'],
    ...over,
  });

/** A git workspace with a template, memory, an input and an upstream task's output. */
function workspace(t: { after: (fn: () => void) => void }, memoryYaml = '- path: memory/style.md\n  description: House style\n') {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  const files = {
    'prompts/doc.liquid': 'Audience: {{ task.audience | default: "developers" }}.',
    'memory/memory.yaml': memoryYaml,
    'memory/style.md': 'Use short sentences.',
    'src/login.ts': 'export const login = () => true;\n',
    '.patches/DES-1/files/docs/login/design.md': 'upstream design notes',
  };
  // run refuses a folder that is not a repository with a commit, before any model is asked.
  initGitRepo(dir);
  commitFiles(dir, files);
  return dir;
}

const completion = (reply: unknown) => ({
  id: 'c1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(reply), refusal: null } }],
  usage: { prompt_tokens: 2000, completion_tokens: 1000, total_tokens: 3000 },
});

async function fakeOpenAI(t: { after: (fn: () => Promise<void>) => void }, replies: unknown[]): Promise<LoopbackServer> {
  let i = 0;
  const server = await startLoopbackServer((_req, res) => sendJson(res, 200, completion(replies[Math.min(i++, replies.length - 1)])));
  t.after(server.close);
  return server;
}

function context(root: string, env: NodeJS.ProcessEnv, config: Partial<TaskpodConfig> = {}) {
  const clock = [new Date('2026-03-01T10:00:00Z'), new Date('2026-03-01T10:00:02.5Z')];
  let n = 0;
  return createStepContext(
    root,
    buildConfig({ provider: 'openai', openai: { maxRetries: 0, timeoutMs: 5000, structuredOutput: true }, ...config }),
    {
      env,
      now: () => clock[Math.min(n++, clock.length - 1)],
    },
  );
}

const readJson = (root: string, rel: string) => JSON.parse(readFileSync(path.join(root, rel), 'utf8'));
const spec = { summary: 'Wrote the spec', files: [{ path: 'docs/login/spec.md', content: '# Login\n' }] };

test('run: asks the model once, writes files/ and run.json, records the reply; the second run is free; --fresh asks again', async (t) => {
  const root = workspace(t);
  const server = await fakeOpenAI(t, [spec, { summary: 'Second try', files: [{ path: 'docs/auth/spec.md', content: '# Auth\n' }] }]);
  const env = { OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: `${server.url}/v1` };
  const record = (await runStep(context(root, env), task())) as RunRecord;
  assert.equal(server.requests.length, 1);
  const user = (server.requests[0].json as { messages: { content: string }[] }).messages[1].content;
  for (const part of [
    '# Task DOC-1',
    'Write the login spec',
    'docs/<feature>/spec.md',
    'Audience: developers.',
    'memory/style.md: House style',
    'Use short sentences.',
    'export const login = () => true;',
    'upstream design notes',
  ])
    assert.ok(user.includes(part), `prompt lacks ${part}`);
  assert.deepEqual(
    { ...record, prompt_hash: '-', reply_key: '-' },
    {
      task_id: 'DOC-1',
      provider: 'openai',
      model: 'gpt-4o-mini',
      tokens_in: 2000,
      tokens_out: 1000,
      cost_usd: 0.0009,
      duration_s: 2.5,
      prompt_hash: '-',
      reply_key: '-',
      from_store: false,
      summary: 'Wrote the spec',
      files: ['docs/login/spec.md'],
      started_at: '2026-03-01T10:00:00.000Z',
    },
  );
  assert.match(record.prompt_hash, /^[0-9a-f]{64}$/);
  assert.deepEqual(readJson(root, '.patches/DOC-1/run.json'), record);
  assert.equal(readFileSync(path.join(root, '.patches/DOC-1/files/docs/login/spec.md'), 'utf8'), '# Login\n');
  const storeText = readFileSync(path.join(root, replyPath(record.reply_key)), 'utf8');
  for (const text of [storeText, readFileSync(path.join(root, '.patches/DOC-1/run.json'), 'utf8')]) assert.ok(!text.includes(OPENAI_KEY));

  const again = (await runStep(context(root, { OPENAI_BASE_URL: `${server.url}/v1` }), task())) as RunRecord;
  assert.equal(server.requests.length, 1, 'no model call, not even an API key needed');
  assert.equal(again.from_store, true);
  assert.equal(again.reply_key, record.reply_key);
  assert.deepEqual([again.tokens_in, again.tokens_out, again.cost_usd], [0, 0, 0], 'a stored reply is not paid for again');

  const fresh = (await runStep(context(root, env), task(), { fresh: true })) as RunRecord;
  assert.equal(server.requests.length, 2);
  assert.deepEqual(fresh.files, ['docs/auth/spec.md']);
  assert.deepEqual(readdirSync(path.join(root, '.patches/DOC-1/files/docs')), ['auth'], 'the old files/ folder is replaced whole');
  assert.deepEqual(readdirSync(path.join(root, '.patches/DOC-1')).sort(), ['files', 'run.json'], 'no temporary folders left');
});

test('run: the run sections `log` adds to the feedback file do not change the request; human feedback does', async (t) => {
  const root = workspace(t);
  const server = await fakeOpenAI(t, [spec, spec]);
  const env = { OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: `${server.url}/v1` };
  const first = (await runStep(context(root, env), task())) as RunRecord;
  const feedback = '# Feedback: DOC-1\n\n## Run 2026-03-01T10:00:03Z\n> Wrote the spec\n\n## Human feedback\n';
  writeFiles(root, { '.logs/feedback/DOC-1.md': feedback });
  const reopened = (await runStep(context(root, env), task())) as RunRecord;
  assert.equal(reopened.reply_key, first.reply_key);
  assert.equal(server.requests.length, 1, 'a reopened task with no human feedback is answered from the store');
  writeFiles(root, { '.logs/feedback/DOC-1.md': `${feedback}Name the error codes.\n` });
  await runStep(context(root, env), task());
  assert.equal(server.requests.length, 2, 'human feedback is asked anew');
  const user = (server.requests[1].json as { messages: { content: string }[] }).messages[1].content;
  assert.ok(user.includes('Name the error codes.'));
  assert.ok(!user.includes('Wrote the spec'), 'run sections stay out of the prompt');
});

test('run: a reply with a bad path fails naming it, and writes nothing (no files, no run.json, no store entry)', async (t) => {
  const root = workspace(t);
  const server = await fakeOpenAI(t, [
    {
      summary: 'x',
      files: [
        { path: 'docs/login/spec.md', content: 'ok' },
        { path: '../escape.md', content: 'no' },
      ],
    },
  ]);
  await assert.rejects(
    runStep(context(root, { OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: `${server.url}/v1` }), task()),
    (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /"\.\.\/escape\.md" contains `\.\.`/);
      return true;
    },
  );
  assert.equal(existsSync(path.join(root, '.patches/DOC-1')), false);
  assert.equal(existsSync(path.join(root, '.patches/replies')), false);
});

test('run: replay answers only from the store; a miss names the task and writes nothing', async (t) => {
  const root = workspace(t);
  await assert.rejects(runStep(context(root, { TASKPOD_PROVIDER: 'replay' }, { provider: undefined }), task()), (error: unknown) => {
    assert.ok(error instanceof ProviderError);
    assert.match(error.message, /no recorded reply for task DOC-1/);
    return true;
  });
  assert.equal(existsSync(path.join(root, '.patches/DOC-1')), false);
  const server = await fakeOpenAI(t, [spec]);
  await runStep(context(root, { OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: `${server.url}/v1` }, { provider: undefined }), task());
  const replayed = (await runStep(context(root, { TASKPOD_PROVIDER: 'replay' }, { provider: undefined }), task(), {
    fresh: true,
  })) as RunRecord;
  assert.equal(replayed.provider, 'replay');
  assert.deepEqual(replayed.files, ['docs/login/spec.md']);
  assert.equal(server.requests.length, 1);
});

test('run: a done task is a no-op (null, nothing asked or written); other statuses that are not ready fail', async (t) => {
  const root = workspace(t);
  const server = await fakeOpenAI(t, [spec]);
  const ctx = context(root, { OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: `${server.url}/v1` });
  assert.equal(await runStep(ctx, task({ status: 'done' })), null);
  assert.equal(server.requests.length, 0);
  assert.equal(existsSync(path.join(root, '.patches/DOC-1')), false);
  await assert.rejects(runStep(ctx, task({ status: 'backlog' })), /not ready: its status is `backlog`/);
  assert.ok(await runStep(ctx, task({ status: 'done' }), { force: true }));
  assert.equal(server.requests.length, 1);
});

test('run: live GitHub memory is fetched with the token, shown to the model and recorded; without a token it is a clear error', async (t) => {
  const root = workspace(
    t,
    '- path: memory/style.md\n  description: House style\n- path: docs/rules.md\n  repo: acme/handbook\n  ref: v2\n  description: Team rules\n',
  );
  const github = await startLoopbackServer((_req, res) =>
    sendJson(res, 200, { type: 'file', encoding: 'base64', content: Buffer.from('LIVE RULES').toString('base64'), sha: 'sha-77' }),
  );
  t.after(github.close);
  const server = await fakeOpenAI(t, [spec]);
  const env = { OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: `${server.url}/v1`, GITHUB_TOKEN, GITHUB_API_URL: github.url };
  const record = (await runStep(context(root, env), task())) as RunRecord;
  assert.equal(github.requests[0].url, '/repos/acme/handbook/contents/docs%2Frules.md?ref=v2');
  assert.match(
    (server.requests[0].json as { messages: { content: string }[] }).messages[1].content,
    /acme\/handbook:docs\/rules\.md@v2\n`+\nLIVE RULES/,
  );
  assert.deepEqual(record.github_memory, [{ repo: 'acme/handbook', ref: 'v2', path: 'docs/rules.md', sha: 'sha-77' }]);
  assert.ok(!readFileSync(path.join(root, '.patches/DOC-1/run.json'), 'utf8').includes(GITHUB_TOKEN));
  await assert.rejects(runStep(context(root, { ...env, GITHUB_TOKEN: '' }), task()), (error: unknown) => {
    assert.ok(error instanceof GitHubError);
    assert.match(error.message, /live GitHub memory \(acme\/handbook:docs\/rules\.md .*GITHUB_TOKEN is not set/);
    return true;
  });
});

test('run: the shell provider runs a fixture agent whose edits become the outputs', async (t) => {
  const root = workspace(t);
  const bin = makeTempDir();
  t.after(bin.cleanup);
  writeFiles(bin.dir, {
    'agent.sh':
      '#!/bin/sh\ngrep -q "# Task DOC-1" || exit 3\nmkdir -p docs/login\necho "# From agent" > docs/login/spec.md\necho "spec written"\n',
  });
  chmodSync(path.join(bin.dir, 'agent.sh'), 0o755);
  const ctx = context(root, process.env, { provider: 'shell', shell: { command: [path.join(bin.dir, 'agent.sh')], timeoutMs: 10_000 } });
  const record = (await runStep(ctx, task())) as RunRecord;
  assert.deepEqual([record.provider, record.summary, record.files], ['shell', 'spec written', ['docs/login/spec.md']]);
  assert.equal(readFileSync(path.join(root, '.patches/DOC-1/files/docs/login/spec.md'), 'utf8'), '# From agent\n');
  assert.equal(existsSync(path.join(root, 'docs/login/spec.md')), false, 'the checkout is untouched');
});

/** Every file under `dir` (but .git) whose bytes contain `text`. */
function filesContaining(dir: string, text: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !path.join(e.parentPath, e.name).includes(`${path.sep}.git${path.sep}`))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => readFileSync(file, 'utf8').includes(text));
}

test("run: a shell agent's ANTHROPIC_API_KEY never reaches the error, run.json or the reply store", async (t) => {
  const secret = 'sk-ant-api03-run-step-9876';
  const root = workspace(t);
  const bin = makeTempDir();
  t.after(bin.cleanup);
  writeFiles(bin.dir, {
    'fail.sh': '#!/bin/sh\ncat > /dev/null\necho "401 invalid x-api-key: $ANTHROPIC_API_KEY" >&2\nexit 1\n',
    'chatty.sh':
      '#!/bin/sh\ncat > /dev/null\nmkdir -p docs/login\necho "# Spec" > docs/login/spec.md\necho "wrote it using $ANTHROPIC_API_KEY"\n',
  });
  for (const name of ['fail.sh', 'chatty.sh']) chmodSync(path.join(bin.dir, name), 0o755);
  const env = { ...process.env, ANTHROPIC_API_KEY: secret };
  const shell = (name: string) =>
    context(root, env, { provider: 'shell', shell: { command: [path.join(bin.dir, name)], timeoutMs: 10_000 } });

  await assert.rejects(runStep(shell('fail.sh'), task()), (error: unknown) => {
    assert.ok(error instanceof ProviderError);
    const printed = describeTaskpodError(error, env).join('\n');
    assert.match(printed, /exited with code 1[\s\S]*401 invalid x-api-key: \*\*\*/);
    assert.ok(!error.message.includes(secret) && !printed.includes(secret), printed);
    return true;
  });
  const record = (await runStep(shell('chatty.sh'), task())) as RunRecord;
  assert.equal(record.summary, 'wrote it using ***');
  assert.deepEqual(filesContaining(root, secret), [], 'no file in the workspace holds the key');
  assert.equal(readJson(root, '.patches/DOC-1/run.json').summary, 'wrote it using ***');
});
