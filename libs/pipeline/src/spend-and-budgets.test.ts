import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  BudgetError,
  LEDGER_FILE,
  METRICS_FILE,
  ProviderError,
  type RunRecord,
  SPEND_RESERVATIONS,
  type TaskpodConfig,
  UserError,
  buildConfig,
  makeTask,
} from '@taskpod/core';
import { type SpendEntry, isSpendEntry, parseLedger } from '@taskpod/ledger';
import { type LoopbackServer, commitFiles, initGitRepo, makeTempDir, sendJson, startLoopbackServer, writeFiles } from '@taskpod/testing';
import { parse } from 'yaml';
import { runStep } from './run-step';
import { createStepContext } from './step-context';

const KEY = 'sk-spend-secret-000111';
const task = (over: Parameters<typeof makeTask>[0] = {}) =>
  makeTask({ id: 'T1', description: 'Write the spec', outputs: ['docs/<name>.md'], pod: 'DevPod', phase: 1, ...over });
const good = (name = 'spec') => ({ summary: `Wrote ${name}`, files: [{ path: `docs/${name}.md`, content: `# ${name}\n` }] });

function workspace(t: { after: (fn: () => void) => void }): string {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  initGitRepo(dir);
  commitFiles(dir, { 'README.md': '# repo\n' });
  return dir;
}

interface Answer {
  reply: unknown;
  model?: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

/** The loopback OpenAI server: answers in order (the last one repeats), each with its usage. */
async function openai(t: { after: (fn: () => Promise<void>) => void }, answers: Answer[]): Promise<LoopbackServer> {
  let i = 0;
  const server = await startLoopbackServer((req, res) => {
    const a = answers[Math.min(i++, answers.length - 1)]!;
    const model = a.model ?? (req.json as { model: string }).model;
    sendJson(res, 200, {
      id: `c${i}`,
      object: 'chat.completion',
      created: 1,
      model,
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(a.reply), refusal: null } }],
      usage: { prompt_tokens: 2000, completion_tokens: 1000, ...a.usage },
    });
  });
  t.after(server.close);
  return server;
}

function context(root: string, server: LoopbackServer | null, config: Partial<TaskpodConfig> = {}, env: NodeJS.ProcessEnv = {}) {
  return createStepContext(
    root,
    buildConfig({ provider: 'openai', openai: { maxRetries: 0, timeoutMs: 5000, structuredOutput: true }, ...config }),
    { env: { OPENAI_API_KEY: KEY, ...(server ? { OPENAI_BASE_URL: `${server.url}/v1` } : {}), ...env } },
  );
}

const spendLines = (root: string): SpendEntry[] =>
  existsSync(path.join(root, LEDGER_FILE)) ? parseLedger(readFileSync(path.join(root, LEDGER_FILE), 'utf8')).filter(isSpendEntry) : [];
const metrics = (root: string) => parse(readFileSync(path.join(root, METRICS_FILE), 'utf8'));
const reservations = (root: string) =>
  existsSync(path.join(root, SPEND_RESERVATIONS)) ? JSON.parse(readFileSync(path.join(root, SPEND_RESERVATIONS), 'utf8')).reservations : [];

test('a budget of $0.001 refuses the call before it reaches the model, naming the budget, its spend and the estimate', async (t) => {
  const root = workspace(t);
  const server = await openai(t, [{ reply: good() }]);
  const ctx = context(root, server, { model: 'gpt-4o', budgets: { workspace: 0.001 } as TaskpodConfig['budgets'] });
  await assert.rejects(runStep(ctx, task()), (error: unknown) => {
    assert.ok(error instanceof BudgetError, String(error));
    assert.equal(error.exitCode, 1);
    assert.match(error.message, /Task T1 was not sent: the workspace budget \(budgets\.workspace\) is \$0\.0010, \$0\.0000 is spent/);
    assert.match(
      error.message,
      /estimated at up to \$0\.\d+ \(\d+ prompt tokens counted with o200k_base × \$2\.5\/M \+ 16384 output tokens/,
    );
    assert.match(error.message, /Nothing was sent\./);
    return true;
  });
  assert.equal(server.requests.length, 0, 'the loopback model saw no request');
  assert.deepEqual(spendLines(root), []);
  assert.deepEqual(reservations(root), [], 'nothing reserved by a refused call');
  assert.equal(existsSync(path.join(root, '.patches/T1')), false);
});

test('a budget exactly reached: the call that spends it passes, the next one is refused with $0 left', async (t) => {
  const root = workspace(t);
  // $1 per million tokens both ways, 100 output tokens at most: the estimate is well under $0.002,
  // and the answer reports 1900 + 100 tokens, exactly $0.002.
  const server = await openai(t, [{ reply: good('a'), usage: { prompt_tokens: 1900, completion_tokens: 100 } }]);
  const config = {
    model: 'house-model',
    parameters: { max_tokens: 100 },
    prices: { 'house-model': { input: 1, output: 1 } },
    budgets: { workspace: 0.002 },
  } as unknown as Partial<TaskpodConfig>;
  const first = (await runStep(context(root, server, config), task({ id: 'A' }))) as RunRecord;
  assert.equal(first.cost_usd, 0.002);
  assert.deepEqual(reservations(root), [], 'the reservation is gone once the spend is recorded');
  await assert.rejects(runStep(context(root, server, config), task({ id: 'B' })), (error: unknown) => {
    assert.ok(error instanceof BudgetError);
    assert.match(error.message, /the workspace budget \(budgets\.workspace\) is \$0\.0020, \$0\.0020 is spent, \$0\.0000 is left/);
    assert.match(
      error.message,
      /prompt tokens counted with characters \/ 3 × \$1\/M \+ 100 output tokens, parameters\.max_tokens, × \$1\/M/,
    );
    return true;
  });
  assert.equal(server.requests.length, 1);
  assert.equal(metrics(root).totals.cost_usd, 0.002);
});

test("a task's budget_usd replaces budgets.task for it, and pod and phase budgets count only their own tasks", async (t) => {
  const root = workspace(t);
  const server = await openai(t, [{ reply: good(), usage: { prompt_tokens: 1000, completion_tokens: 0 } }]);
  const config = {
    model: 'house-model',
    parameters: { max_tokens: 10 },
    prices: { 'house-model': { input: 1, output: 1 } },
    budgets: { task: 0, pods: { QAPod: 0 }, phases: { 2: 0 } },
  } as unknown as Partial<TaskpodConfig>;
  await assert.rejects(runStep(context(root, server, config), task({ id: 'A' })), /the task A budget \(budgets\.task\) is \$0\.0000/);
  await runStep(context(root, server, config), task({ id: 'B', fields: { id: 'B', budget_usd: 0.01 } }));
  await assert.rejects(
    runStep(context(root, server, config), task({ id: 'C', pod: 'QAPod', fields: { id: 'C', budget_usd: 1 } })),
    /the pod QAPod budget \(budgets\.pods\.QAPod\)/,
  );
  await assert.rejects(
    runStep(context(root, server, config), task({ id: 'D', phase: 2, fields: { id: 'D', budget_usd: 1 } })),
    /the phase 2 budget \(budgets\.phases\.2\)/,
  );
  assert.equal(server.requests.length, 1);
  assert.deepEqual(
    spendLines(root).map((s) => [s.task_id, s.cost_usd]),
    [['B', 0.001]],
  );
});

test('TASKPOD_MAX_COST caps the calls of one run (TASKPOD_RUN_ID), and a bad value names the variable', async (t) => {
  const root = workspace(t);
  const server = await openai(t, [{ reply: good(), usage: { prompt_tokens: 1000, completion_tokens: 0 } }]);
  const config = {
    model: 'house-model',
    parameters: { max_tokens: 10 },
    prices: { 'house-model': { input: 1, output: 1 } },
  } as Partial<TaskpodConfig>;
  const run = { TASKPOD_RUN_ID: 'run-1', TASKPOD_MAX_COST: '0.0012' };
  await runStep(context(root, server, config, run), task({ id: 'A' }));
  await assert.rejects(
    runStep(context(root, server, config, run), task({ id: 'B' })),
    /the run budget \(--max-cost, TASKPOD_MAX_COST\) is \$0\.0012, \$0\.0010 is spent/,
  );
  // Another run starts from nothing.
  await runStep(context(root, server, config, { ...run, TASKPOD_RUN_ID: 'run-2' }), task({ id: 'B' }));
  assert.deepEqual(
    spendLines(root).map((s) => s.run_id),
    ['run-1', 'run-2'],
  );
  await assert.rejects(runStep(context(root, server, config, { TASKPOD_MAX_COST: 'lots' }), task({ id: 'C' })), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.match(
      error.message,
      /Expected `TASKPOD_MAX_COST` in the environment \(taskpod run --max-cost\) to be a non-negative number of USD, got `"lots"`/,
    );
    return true;
  });
  assert.equal(server.requests.length, 2);
});

test('a reply the path guard rejects was paid for: it has its one spend entry, and metrics count it', async (t) => {
  const root = workspace(t);
  const server = await openai(t, [{ reply: { summary: 'x', files: [{ path: '../escape.md', content: 'no' }] } }]);
  await assert.rejects(runStep(context(root, server), task()), /"\.\.\/escape\.md" contains `\.\.`/);
  assert.equal(server.requests.length, 1);
  const lines = spendLines(root);
  assert.equal(lines.length, 1);
  assert.deepEqual(
    { ...lines[0], key: '-', reply_key: '-', at: '-' },
    {
      kind: 'spend',
      key: '-',
      reply_key: '-',
      task_id: 'T1',
      pod: 'DevPod',
      phase: 1,
      run_id: null,
      provider: 'openai',
      model: 'gpt-4o-mini',
      tokens_in: 2000,
      tokens_out: 1000,
      cost_usd: 0.0009,
      at: '-',
    },
  );
  assert.match(lines[0]!.key, /^spend:[0-9a-f]{64}:/);
  const m = metrics(root);
  assert.deepEqual([m.totals.paid_calls, m.totals.cost_usd, m.totals.tokens_in, m.totals.tasks_done], [1, 0.0009, 2000, 0]);
  assert.equal(existsSync(path.join(root, '.patches/replies')), false, 'a rejected reply is still not stored');
});

test('a reply from the store adds no spend; a fresh ask is a second paid request with its own entry', async (t) => {
  const root = workspace(t);
  const server = await openai(t, [{ reply: good() }]);
  const first = (await runStep(context(root, server), task())) as RunRecord;
  const again = (await runStep(context(root, server), task())) as RunRecord;
  assert.equal(again.from_store, true);
  assert.equal(server.requests.length, 1);
  assert.equal(spendLines(root).length, 1, 'the store answered: no new spend');
  await runStep(context(root, server), task(), { fresh: true });
  assert.equal(server.requests.length, 2);
  assert.deepEqual(
    spendLines(root).map((s) => s.reply_key),
    [first.reply_key, first.reply_key],
  );
  assert.equal(metrics(root).totals.cost_usd, 0.0018);
});

test('a model with no known price: cost null in run.json, the ledger and metrics (unknown, never 0); with a budget it is refused', async (t) => {
  const root = workspace(t);
  const server = await openai(t, [{ reply: good() }]);
  const record = (await runStep(context(root, server, { model: 'local-llm' }), task())) as RunRecord;
  assert.equal(record.cost_usd, null);
  assert.equal(JSON.parse(readFileSync(path.join(root, '.patches/T1/run.json'), 'utf8')).cost_usd, null);
  assert.equal(spendLines(root)[0]!.cost_usd, null);
  const m = metrics(root);
  assert.deepEqual([m.totals.paid_calls, m.totals.cost_unknown_calls, m.totals.cost_usd], [1, 1, 0]);

  await assert.rejects(
    runStep(context(root, server, { model: 'local-llm', budgets: { task: 5 } } as Partial<TaskpodConfig>), task({ id: 'T2' })),
    (error: unknown) => {
      assert.ok(error instanceof BudgetError);
      assert.match(
        error.message,
        /Task T2 was not sent to local-llm: the task T2 budget of \$5\.0000 \(budgets\.task\) applies, and local-llm has no known price/,
      );
      assert.match(error.details.hint ?? '', /under `prices`.*"local-llm": \{ "input"/);
      return true;
    },
  );
  assert.equal(server.requests.length, 1);
});

test('an answer that is not the reply contract was still paid for: the provider error carries its spend', async (t) => {
  const root = workspace(t);
  const server = await openai(t, [{ reply: 'not the contract' }]);
  await assert.rejects(runStep(context(root, server), task()), ProviderError);
  assert.deepEqual(
    spendLines(root).map((s) => [s.tokens_in, s.cost_usd]),
    [[2000, 0.0009]],
  );
});

test('the shell provider records the usage its tool reports as JSON, and an unknown cost when it reports none', async (t) => {
  const root = workspace(t);
  const bin = makeTempDir();
  t.after(bin.cleanup);
  writeFiles(bin.dir, {
    'openai-style.json': JSON.stringify({ ...good(), usage: { prompt_tokens: 1000, completion_tokens: 500 } }),
    'claude-style.json': JSON.stringify({
      type: 'result',
      usage: { input_tokens: 10, cache_read_input_tokens: 5, output_tokens: 7 },
      total_cost_usd: 0.0123,
    }),
    'openai-style.sh': `#!/bin/sh\ncat > /dev/null\ncat "${bin.dir}/openai-style.json"\n`,
    'claude-style.sh': `#!/bin/sh\ncat > /dev/null\nmkdir -p docs\necho "# x" > docs/spec.md\ncat "${bin.dir}/claude-style.json"\n`,
    'silent.sh': '#!/bin/sh\ncat > /dev/null\nmkdir -p docs\necho "# x" > docs/spec.md\necho done\n',
  });
  for (const name of ['openai-style.sh', 'claude-style.sh', 'silent.sh']) chmodSync(path.join(bin.dir, name), 0o755);
  const shell = (name: string, id: string) =>
    runStep(
      context(
        root,
        null,
        { provider: 'shell', model: 'gpt-4o-mini', shell: { command: [path.join(bin.dir, name)], timeoutMs: 10_000 } },
        process.env,
      ),
      task({ id }),
    );
  await shell('openai-style.sh', 'A');
  await shell('claude-style.sh', 'B');
  await shell('silent.sh', 'C');
  assert.deepEqual(
    spendLines(root).map((s) => [s.task_id, s.provider, s.tokens_in, s.tokens_out, s.cost_usd]),
    [
      ['A', 'shell', 1000, 500, 0.00045],
      ['B', 'shell', 15, 7, 0.0123],
      ['C', 'shell', 0, 0, null],
    ],
  );
});
