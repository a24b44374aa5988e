import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { UserError, buildConfig, makeTask } from '@taskpod/core';
import { writeStoredReply } from '@taskpod/llm';
import { type LoopbackServer, commitFiles, initGitRepo, makeTempDir, sendJson, startLoopbackServer, writeFiles } from '@taskpod/testing';
import { buildRunRequest, runStep } from './run-step';
import { createStepContext } from './step-context';

// What run may read and write (docs/promises.md "What a reply may write"): every refusal here
// happens before the model is asked, and a refused reply is never stored.

const task = (over: Parameters<typeof makeTask>[0] = {}) =>
  makeTask({ id: 'DOC-1', description: 'Write the docs', memory: ['memory/memory.yaml'], outputs: ['docs/**'], ...over });

/** A workspace `ws/` beside `outside/secret.txt`. */
function workspace(t: { after: (fn: () => void) => void }, memoryYaml = '- path: memory/style.md\n') {
  const { dir: parent, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(parent, { 'outside/secret.txt': 'TOP SECRET' });
  const root = path.join(parent, 'ws');
  mkdirSync(root);
  // run refuses a folder that is not a repository with a commit, before any model is asked.
  initGitRepo(root);
  commitFiles(root, { 'memory/memory.yaml': memoryYaml, 'memory/style.md': 'Short sentences.', 'notes/own.md': 'own' });
  return root;
}

const completion = (reply: unknown) => ({
  id: 'c1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(reply), refusal: null } }],
  usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
});

async function fakeOpenAI(t: { after: (fn: () => Promise<void>) => void }, reply: unknown): Promise<LoopbackServer> {
  const server = await startLoopbackServer((_req, res) => sendJson(res, 200, completion(reply)));
  t.after(server.close);
  return server;
}

const context = (root: string, server: LoopbackServer) =>
  createStepContext(root, buildConfig({ provider: 'openai', openai: { maxRetries: 0, timeoutMs: 5000, structuredOutput: true } }), {
    env: { OPENAI_API_KEY: 'sk-paths-test-0000', OPENAI_BASE_URL: `${server.url}/v1` },
  });

const userError = (pattern: RegExp) => (e: unknown) => {
  assert.ok(e instanceof UserError, String(e));
  assert.match(e.message, pattern);
  assert.doesNotMatch(e.message, /TOP SECRET/);
  return true;
};

test('run: a memory entry, prompt or input that leads out of the workspace fails before the model is asked', async (t) => {
  const ok = { summary: 's', files: [{ path: 'docs/a.md', content: 'a' }] };
  type Case = { over: Parameters<typeof makeTask>[0]; memoryYaml?: string; link: [string, string]; why: RegExp };
  const cases: Case[] = [
    {
      over: {},
      memoryYaml: '- path: ../outside/secret.txt\n',
      link: ['outside/secret.txt', 'notes/unused.txt'],
      why: /memory\/memory\.yaml: path: \.\.\/outside\/secret\.txt leaves the workspace/,
    },
    {
      over: { prompt: '../outside/secret.txt' },
      link: ['outside/secret.txt', 'notes/unused.txt'],
      why: /prompt: \.\.\/outside\/secret\.txt leaves the workspace/,
    },
    {
      over: { inputs: ['notes/linked.txt'] },
      link: ['outside/secret.txt', 'notes/linked.txt'],
      why: /inputs: notes\/linked\.txt leaves the workspace/,
    },
    // A symlinked folder matched by a glob: the glob must not reach outside through it.
    {
      over: { inputs: ['notes/**'] },
      link: ['outside', 'notes/ext'],
      why: /inputs \(notes\/\*\*\): notes\/ext\/secret\.txt leaves the workspace/,
    },
    // The task's own fields reach the prompt, so a task file linked from outside is refused too.
    {
      over: {},
      link: ['outside/secret.txt', 'task_templates/DOC-1/task.yaml'],
      why: /task file: task_templates\/DOC-1\/task\.yaml leaves the workspace/,
    },
  ];
  for (const { over, memoryYaml, link, why } of cases) {
    const root = workspace(t, memoryYaml);
    mkdirSync(path.dirname(path.join(root, link[1])), { recursive: true });
    symlinkSync(path.join(root, '..', link[0]), path.join(root, link[1]));
    const server = await fakeOpenAI(t, ok);
    await assert.rejects(runStep(context(root, server), task(over)), userError(why));
    assert.equal(server.requests.length, 0, `the model was asked despite ${why}`);
    assert.equal(existsSync(path.join(root, '.patches')), false);
  }
});

test('run: a reply with a file/folder clash or an over-long path is refused before it is stored', async (t) => {
  const replies = [
    {
      summary: 's',
      files: [
        { path: 'docs/f', content: 'a file' },
        { path: 'docs/f/g.md', content: 'a file below it' },
      ],
    },
    { summary: 's', files: [{ path: `docs/${Array.from({ length: 30 }, () => 'd'.repeat(200)).join('/')}/x.md`, content: 'deep' }] },
  ];
  for (const reply of replies) {
    const root = workspace(t);
    const server = await fakeOpenAI(t, reply);
    await assert.rejects(runStep(context(root, server), task()), userError(/needs "docs\/f" to be a folder|is too long/));
    assert.equal(server.requests.length, 1);
    // `.patches/.locks/` may remain (the reply-store claim's parent folder); nothing else may.
    for (const rel of ['.patches/replies', '.patches/DOC-1'])
      assert.equal(existsSync(path.join(root, rel)), false, `nothing stored, nothing written: ${rel}`);
  }
});

test('run: a stored reply that cannot be written is a user error that says to run with --fresh', async (t) => {
  const root = workspace(t);
  const server = await fakeOpenAI(t, { summary: 's', files: [{ path: 'docs/a.md', content: 'a' }] });
  const ctx = context(root, server);
  // Recorded by an older taskpod, whose guard let a file/folder clash through.
  const { key, request } = await buildRunRequest(ctx, task());
  writeStoredReply(root, {
    key,
    request: { model: request.model, prompt_hash: 'h', parameters: {}, structured_output: true },
    provider: 'openai',
    model: 'gpt-4o-mini',
    reply: {
      summary: 's',
      files: [
        { path: 'docs/f', content: 'x' },
        { path: 'docs/f/g.md', content: 'y' },
      ],
    },
    usage: { tokens_in: 1, tokens_out: 1, cost_usd: 0 },
    recorded_at: '2026-01-01T00:00:00Z',
  });
  await assert.rejects(runStep(ctx, task()), (e: unknown) => {
    assert.ok(e instanceof UserError, String(e));
    assert.match(e.message, /needs "docs\/f" to be a folder/);
    assert.match(e.details.hint ?? '', /--fresh/);
    return true;
  });
  assert.equal(server.requests.length, 0);
  const fresh = await runStep(ctx, task(), { fresh: true });
  assert.deepEqual(fresh?.files, ['docs/a.md']);
});

test("run: a committed symlink at .patches/ does not carry the run's writes out of the workspace", async (t) => {
  const root = workspace(t);
  symlinkSync(path.join(root, '../outside'), path.join(root, '.patches'));
  const server = await fakeOpenAI(t, { summary: 's', files: [{ path: 'docs/a.md', content: 'a' }] });
  await assert.rejects(runStep(context(root, server), task()), userError(/\.patches\/DOC-1 resolves to .* through a symlink/));
  assert.equal(server.requests.length, 0);
  assert.deepEqual(readdirSync(path.join(root, '../outside')), ['secret.txt']);
});

test('run: a committed symlink at .patches/replies does not carry the reply store out of the workspace', async (t) => {
  const root = workspace(t);
  mkdirSync(path.join(root, '.patches'));
  symlinkSync(path.join(root, '../outside'), path.join(root, '.patches/replies'));
  const server = await fakeOpenAI(t, { summary: 's', files: [{ path: 'docs/a.md', content: 'a' }] });
  await assert.rejects(runStep(context(root, server), task()), userError(/\.patches\/replies resolves to .* through a symlink/));
  assert.equal(server.requests.length, 0);
  assert.deepEqual(readdirSync(path.join(root, '../outside')), ['secret.txt']);
});
