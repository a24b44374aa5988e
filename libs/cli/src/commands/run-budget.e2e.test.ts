import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  REPO_ROOT,
  type LoopbackServer,
  type NxWorkspace,
  cliTestEnv,
  makeNxWorkspace,
  sendJson,
  startLoopbackServer,
} from '@taskpod/testing';

const BIN = path.join(REPO_ROOT, 'libs/cli/bin/taskpod.js');
const task = (id: string) =>
  `id: ${id}\ndescription: Write ${id}\npod: DevPod\nphase: 1\nstatus: ready\noutputs: [docs/${id.toLowerCase()}.md]\n`;

/** The CLI spawned without blocking, so the loopback server in this process can answer it. */
function taskpod(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('taskpod run --max-cost through Nx, against the loopback OpenAI server', () => {
  let ws: NxWorkspace;
  let server: LoopbackServer;
  const env = () => cliTestEnv(ws.dir, { OPENAI_API_KEY: 'sk-budget-e2e-0001', OPENAI_BASE_URL: `${server.url}/v1` });

  before(async () => {
    server = await startLoopbackServer((req, res) => {
      const id = /# Task (\S+)/.exec((req.json as { messages: { content: string }[] }).messages[1]!.content)![1]!;
      // R's reply writes a file R does not declare: the path guard rejects it after it was paid for.
      const file = id === 'R' ? 'src/undeclared.md' : `docs/${id.toLowerCase()}.md`;
      const reply = { summary: `Wrote ${id}`, files: [{ path: file, content: `# ${id}\n` }] };
      sendJson(res, 200, {
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o-mini',
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(reply), refusal: null } }],
        usage: { prompt_tokens: 2000, completion_tokens: 1000 },
      });
    });
    ws = makeNxWorkspace({ 'task_templates/a/task.yaml': task('A'), 'task_templates/r/task.yaml': task('R') }, () => ({
      provider: 'openai',
      model: 'gpt-4o-mini',
      parameters: { max_tokens: 2000 },
      openai: { maxRetries: 0, timeoutMs: 10_000, structuredOutput: true },
    }));
  });
  after(async () => {
    ws?.cleanup();
    await server?.close();
  });

  test('a cap of $0.001 refuses the call before the model sees it (exit 1, naming the budget); a cap that fits runs and says what is left', async () => {
    const refused = await taskpod(ws.dir, ['run', 'A', '--max-cost', '0.001'], env());
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(
      refused.stdout + refused.stderr,
      /Task A was not sent: the run budget \(--max-cost, TASKPOD_MAX_COST\) is \$0\.0010, \$0\.0000 is spent/,
    );
    assert.equal(server.requests.length, 0, 'the loopback model saw no request');

    const ran = await taskpod(ws.dir, ['run', 'A', '--max-cost', '0.01'], env());
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(server.requests.length, 1);
    assert.match(ran.stdout, /\nBudget run \(--max-cost, TASKPOD_MAX_COST\): \$0\.0009 of \$0\.0100 spent, \$0\.0091 left\n/);
    const metrics = readFileSync(path.join(ws.dir, 'metrics/metrics.yaml'), 'utf8');
    assert.match(metrics, /totals:\n(?: {2}.*\n)*? {2}cost_usd: 0\.0009\n {2}paid_calls: 1\n/);
  });

  test('run --json totals count a reply the path guard rejected: one paid call, its tokens and cost, from the ledger', async () => {
    const before = server.requests.length;
    const result = await taskpod(ws.dir, ['run', 'R', '--json'], env());
    assert.equal(result.code, 1, result.stderr);
    assert.equal(server.requests.length, before + 1);
    assert.match(result.stderr, /src\/undeclared\.md/, 'the guard names the path');
    const summary = JSON.parse(result.stdout);
    assert.equal(summary.tasks[0].result, 'failed');
    assert.equal(summary.tasks[0].tokens_in, null, 'no run record for a rejected reply');
    const { paid_calls, tokens_in, tokens_out, cost_usd, cost_unknown } = summary.totals;
    assert.deepEqual(
      { paid_calls, tokens_in, tokens_out, cost_usd, cost_unknown },
      {
        paid_calls: 1,
        tokens_in: 2000,
        tokens_out: 1000,
        cost_usd: 0.0009,
        cost_unknown: 0,
      },
    );
    const spend = readFileSync(path.join(ws.dir, '.logs/ledger.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((l) => l.kind === 'spend' && l.task_id === 'R');
    assert.equal(spend.length, 1, 'one spend entry for the one paid request');
  });

  test('--max-cost must be a number of USD (a usage error, exit 2, before Nx starts)', async () => {
    const bad = await taskpod(ws.dir, ['run', 'A', '--max-cost', 'ten'], env());
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Expected --max-cost to be a non-negative number of USD, got `ten`/);
  });
});
