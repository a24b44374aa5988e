import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { LEDGER_FILE, METRICS_FILE, SPEND_RESERVATIONS, buildConfig, makeTask, type RunRecord } from '@taskpod/core';
import { isSpendEntry, parseLedger } from '@taskpod/ledger';
import { type LoopbackServer, commitFiles, initGitRepo, makeTempDir, sendJson, startLoopbackServer } from '@taskpod/testing';
import { parse } from 'yaml';
import { runStep } from './run-step';
import { createStepContext } from './step-context';

const DIST = __dirname;
const CORE = path.join(DIST, '../../core/dist/index.js');
const KEY = 'sk-spend-e2e-000111';
const reply = (id: string) => ({ summary: `Wrote ${id}`, files: [{ path: `docs/${id}.md`, content: `# ${id}\n` }] });

/** A child that runs the real run step for one task once the test says go (so several start together). */
const CHILD = `
  const { runStep } = require(${JSON.stringify(path.join(DIST, 'run-step.js'))});
  const { createStepContext } = require(${JSON.stringify(path.join(DIST, 'step-context.js'))});
  const { buildConfig, makeTask } = require(${JSON.stringify(CORE)});
  const [root, id, optionsJson] = process.argv.slice(2);
  const config = buildConfig(JSON.parse(optionsJson));
  const task = makeTask({ id, outputs: ['docs/<name>.md'] });
  process.stdout.write('ready\\n');
  process.stdin.once('data', () => {
    runStep(createStepContext(root, config, { env: process.env }), task).then(
      () => process.exit(0),
      (error) => { process.stderr.write(error.message); process.exit(1); },
    );
  });
`;

/** SIGKILLs the process right after it stores a reply: a run killed once the answer arrived. */
const KILL_AFTER_STORE = `
  const fs = require('node:fs');
  const rename = fs.renameSync;
  fs.renameSync = function (from, to) {
    rename.apply(this, arguments);
    if (String(to).includes('/.patches/replies/')) process.kill(process.pid, 'SIGKILL');
  };
`;

function workspace(t: { after: (fn: () => void) => void }): string {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  initGitRepo(dir);
  commitFiles(dir, { 'README.md': '# repo\n' });
  writeFileSync(path.join(dir, 'child.js'), CHILD);
  writeFileSync(path.join(dir, 'kill-after-store.js'), KILL_AFTER_STORE);
  return dir;
}

/** The loopback OpenAI server, answering each request after `delayMs`. */
async function openai(t: { after: (fn: () => Promise<void>) => void }, delayMs: number, usage: object): Promise<LoopbackServer> {
  const server = await startLoopbackServer(async (req, res) => {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const user = (req.json as { messages: { content: string }[] }).messages[1]!.content;
    const id = /# Task (\S+)/.exec(user)?.[1] ?? 'x';
    sendJson(res, 200, {
      id: 'c',
      object: 'chat.completion',
      created: 1,
      model: (req.json as { model: string }).model,
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(reply(id)), refusal: null } }],
      usage,
    });
  });
  t.after(server.close);
  return server;
}

function start(root: string, server: LoopbackServer, id: string, options: object, preload?: string): ChildProcessWithoutNullStreams {
  const args = [
    ...(preload ? ['--require', path.join(root, preload)] : []),
    path.join(root, 'child.js'),
    root,
    id,
    JSON.stringify(options),
  ];
  return spawn(process.execPath, args, {
    env: { ...process.env, OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${server.url}/v1` },
  });
}

async function runTogether(children: ChildProcessWithoutNullStreams[]) {
  await Promise.all(children.map((c) => new Promise<void>((resolve) => c.stdout.once('data', () => resolve()))));
  const stderr = children.map(() => '');
  const exits = children.map(
    (c, i) =>
      new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
        c.stderr.on('data', (d) => (stderr[i] += d));
        c.on('exit', (code, signal) => resolve({ code, signal, stderr: stderr[i]! }));
      }),
  );
  for (const c of children) c.stdin.end('go\n');
  return Promise.all(exits);
}

const spendLines = (root: string) => parseLedger(readFileSync(path.join(root, LEDGER_FILE), 'utf8')).filter(isSpendEntry);

test('two processes racing one budget: only the call that fits is sent, the other is refused while the first is in flight', async (t) => {
  const root = workspace(t);
  // Each estimate is about $0.1 (100000 output tokens at $1/M); the budget holds one, not two. The
  // answers cost almost nothing, so only the reservation of the call in flight can stop the second.
  const server = await openai(t, 1500, { prompt_tokens: 10, completion_tokens: 10 });
  const options = {
    provider: 'openai',
    model: 'house-model',
    parameters: { max_tokens: 100_000 },
    prices: { 'house-model': { input: 1, output: 1 } },
    budgets: { workspace: 0.15 },
    openai: { maxRetries: 0, timeoutMs: 10_000, structuredOutput: true },
  };
  const results = await runTogether([start(root, server, 'A', options), start(root, server, 'B', options)]);
  assert.deepEqual(results.map((r) => r.code).sort(), [0, 1], results.map((r) => r.stderr).join('\n'));
  const refused = results.find((r) => r.code === 1)!;
  assert.match(
    refused.stderr,
    /was not sent: the workspace budget \(budgets\.workspace\) is \$0\.1500, \$0\.0000 is spent and \$0\.1\d+ held by calls in flight/,
  );
  assert.equal(server.requests.length, 1, 'the loopback model saw only the call that fits');
  assert.equal(spendLines(root).length, 1);
  assert.deepEqual(JSON.parse(readFileSync(path.join(root, SPEND_RESERVATIONS), 'utf8')).reservations, [], 'no reservation is left behind');
});

test('a run killed right after its reply was stored still counts the spend, once, also when the rerun takes the reply from the store', async (t) => {
  const root = workspace(t);
  const server = await openai(t, 0, { prompt_tokens: 2000, completion_tokens: 1000 });
  const options = { provider: 'openai', model: 'gpt-4o-mini', openai: { maxRetries: 0, timeoutMs: 10_000, structuredOutput: true } };
  const [killed] = await runTogether([start(root, server, 'T1', options, 'kill-after-store.js')]);
  assert.equal(killed!.signal, 'SIGKILL', killed!.stderr);
  assert.equal(existsSync(path.join(root, '.patches/T1/run.json')), false, 'killed before the run record was written');
  assert.deepEqual(
    spendLines(root).map((s) => [s.task_id, s.tokens_in, s.tokens_out, s.cost_usd]),
    [['T1', 2000, 1000, 0.0009]],
  );
  assert.equal(parse(readFileSync(path.join(root, METRICS_FILE), 'utf8')).totals.cost_usd, 0.0009);

  const ctx = createStepContext(root, buildConfig(options), { env: { OPENAI_BASE_URL: `${server.url}/v1` } });
  const rerun = (await runStep(ctx, makeTask({ id: 'T1', outputs: ['docs/<name>.md'] }))) as RunRecord;
  assert.equal(rerun.from_store, true);
  assert.equal(server.requests.length, 1);
  assert.equal(spendLines(root).length, 1, 'the reply from the store adds no spend');
  const metrics = parse(readFileSync(path.join(root, METRICS_FILE), 'utf8'));
  assert.deepEqual([metrics.totals.paid_calls, metrics.totals.cost_usd], [1, 0.0009]);
});
