import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { parse } from 'yaml';
import { GIT_TEST_ENV, REPO_ROOT, addOrigin, makeNxWorkspace, makeTempDir, type NxWorkspace } from '@taskpod/testing';

/** Debian's package; CI installs it (.ci/run). playwright-core drives it and downloads nothing. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const INJECTION = 'Parse the input <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> & friends';

const task = (id: string, fields: Record<string, unknown>) =>
  JSON.stringify({ id, description: `Implement ${id}`, status: 'ready', outputs: [`src/${id.toLowerCase()}.ts`], ...fields }, null, 2);

const BACKLOG = {
  'task_templates/a/task.yaml': task('A', { phase: 1, pod: 'DevPod', description: INJECTION, priority: 'high' }),
  'task_templates/b/task.yaml': task('B', { phase: 1, pod: 'QAPod' }),
  'task_templates/c/task.yaml': task('C', { phase: 1, pod: 'DevPod' }),
  'task_templates/d/task.yaml': task('D', { phase: 2, pod: 'QAPod', depends_on: ['A'] }),
  'task_templates/e/task.yaml': task('E', { phase: 'Cross-Phase', pod: 'DocsPod', status: 'backlog' }),
};

const PLUGIN_OPTIONS = {
  provider: 'openai',
  model: 'report-model',
  prices: { 'report-model': { input: 3, output: 15 } },
  // Generous: drawn as lines here, and far above any estimate a budget check could make.
  budgets: { workspace: 2, pods: { DevPod: 1 }, phases: { 1: 1.5 } },
};

type Loaded = (specifier: string) => Promise<Record<string, (...args: unknown[]) => Promise<Record<string, unknown>>>>;
/** The loopback servers the other end-to-end tests use (tools/ is ESM, this file is not). */
const loadTool: Loaded = (rel) => import(pathToFileURL(path.join(REPO_ROOT, rel)).href);

describe('taskpod report: one self-contained page, built from a real run and read in headless Chromium', () => {
  let ws: NxWorkspace;
  let scratch: { dir: string; cleanup: () => void };
  let model: { url: string; close: () => Promise<void> };
  let github: { url: string; close: () => Promise<void> };
  let env: NodeJS.ProcessEnv;
  let summaryFile: string;
  let runOutput = '';

  /** The real bin, spawned without blocking: the loopback servers answer from this process. */
  const taskpod = (args: string[]) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(REPO_ROOT, 'libs/cli/bin/taskpod.js'), ...args], {
        cwd: ws.dir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('close', (code) => resolve({ code, out }));
    });

  before(async () => {
    scratch = makeTempDir('taskpod-report-e2e-');
    ws = makeNxWorkspace(BACKLOG, () => PLUGIN_OPTIONS);
    addOrigin(scratch.dir, ws.dir);
    const answer = (id: string) => ({
      summary: `wrote ${id}`,
      files: [{ path: `src/${id.toLowerCase()}.ts`, content: `export const ${id.toLowerCase()} = 1;\n` }],
    });
    model = (await (await loadTool('tools/demo/answer-server.mjs')).startAnswerServer!({ answerFor: answer })) as typeof model;
    github = (await (await loadTool('tools/e2e/github-server.mjs')).startGitHubServer!()) as typeof github;
    summaryFile = path.join(scratch.dir, 'step-summary.md');
    env = {
      ...process.env,
      ...GIT_TEST_ENV,
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_TUI: 'false',
      NX_CACHE_DIRECTORY: path.join(ws.dir, '.nx/cache'),
      NO_COLOR: '1',
    };
    for (const name of ['TASKPOD_PROVIDER', 'TASKPOD_MODEL', 'NX_WORKSPACE_DATA_DIRECTORY']) delete env[name];
    Object.assign(env, {
      OPENAI_API_KEY: 'sk-report-e2e-key',
      OPENAI_BASE_URL: model.url,
      GITHUB_TOKEN: 'ghp_reportE2eToken',
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'acme/report',
      GITHUB_STEP_SUMMARY: summaryFile,
    });
    const run = await taskpod(['run', 'A', 'B']);
    runOutput = run.out;
    assert.equal(run.code, 0, run.out);
  });

  after(async () => {
    await model?.close();
    await github?.close();
    ws?.cleanup();
    scratch?.cleanup();
  });

  test('in GitHub Actions, run appends a Markdown summary of tasks, status, tokens and cost', () => {
    const summary = readFileSync(summaryFile, 'utf8');
    const runA = JSON.parse(readFileSync(path.join(ws.dir, '.patches/A/run.json'), 'utf8'));
    assert.match(
      summary,
      /^## taskpod run\n\n\*\*2 tasks\*\*: 2 done, 0 failed, 0 other · 2 paid calls · tokens [\d,]+ in \+ [\d,]+ out · cost \$\d+\.\d{4} · wall time \d+\.\d s$/m,
    );
    assert.match(summary, /^\| Task \| Result \| Branch \| PR \| Tokens \| Cost \|$/m);
    assert.ok(summary.includes(`| A | ✅ done | \`taskpod/A\` | [#`), summary);
    assert.ok(summary.includes(`| ${runA.tokens_in} + ${runA.tokens_out} | $${runA.cost_usd.toFixed(4)} |`), summary);
    assert.match(runOutput, /^A\s+done\s/m);
  });

  test('report writes .logs/report.html by default, or --out FILE, and says where', async () => {
    const byDefault = await taskpod(['report']);
    assert.equal(byDefault.code, 0, byDefault.out);
    assert.match(byDefault.out, /^Wrote \.logs\/report\.html \(5 tasks, 2 done, \d+ kB\)\.$/m);
    const elsewhere = await taskpod(['report', '--out', path.join(scratch.dir, 'out/page.html')]);
    assert.equal(elsewhere.code, 0, elsewhere.out);
    assert.equal(readFileSync(path.join(scratch.dir, 'out/page.html'), 'utf8').length > 1000, true);
    const html = readFileSync(path.join(ws.dir, '.logs/report.html'), 'utf8');
    assert.doesNotMatch(
      html,
      /<(link|img|iframe|object|embed)\b|\bsrc=["']?https?:|@import|url\(/i,
      'nothing to fetch: no links to stylesheets, images or fonts',
    );
  });

  test('in Chromium: the numbers match metrics.yaml, nothing touches the network, task text stays text', async (t) => {
    if (!existsSync(CHROMIUM)) {
      const how = `Chromium is not at ${CHROMIUM}: install it with \`apt-get install -y --no-install-recommends chromium\` (Debian), as .ci/run does.`;
      if (process.env.CI === 'true') assert.fail(how);
      t.skip(how);
      return;
    }
    const file = path.join(ws.dir, '.logs/report.html');
    const metrics = parse(readFileSync(path.join(ws.dir, 'metrics/metrics.yaml'), 'utf8')).totals;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    t.after(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => void problems.push(`dialog: ${d.message()}`));
    page.on('pageerror', (e) => void problems.push(`page error: ${e.message}`));
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
    // Anything but the page itself is refused, so a request the listener saw also could not leak.
    await page.route('**/*', (route) => (route.request().url() === pathToFileURL(file).href ? route.continue() : route.abort()));
    await page.goto(pathToFileURL(file).href);

    const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();
    const num = (s: string) => Number(s.replace(/[$,]/g, ''));
    assert.equal(metrics.tasks_done, 2);
    assert.equal(num(await text('[data-metric="tasks_done"]')), metrics.tasks_done);
    assert.equal(num(await text('[data-metric="tokens_in"]')), metrics.tokens_in);
    assert.equal(num(await text('[data-metric="tokens_out"]')), metrics.tokens_out);
    assert.equal(num(await text('[data-metric="prs_opened"]')), 2);
    assert.ok(metrics.cost_usd > 0, 'the priced model cost something');
    assert.equal(Number(await page.locator('[data-metric="cost_usd"]').getAttribute('data-value')), metrics.cost_usd);
    const shown = await text('[data-metric="cost_usd"]');
    assert.match(shown, /^\$\d+\.\d{2,6}$/);
    assert.ok(Math.abs(num(shown) - metrics.cost_usd) <= 0.5 * 10 ** -shown.split('.')[1]!.length, `${shown} shows ${metrics.cost_usd}`);

    // The board: every task, its status, what blocks it, its PR.
    assert.equal(await page.locator('.task').count(), 5);
    assert.equal(await page.locator('.task[data-id="A"]').getAttribute('data-status'), 'done');
    assert.equal(await text('.task[data-id="C"] .pill'), 'ready');
    assert.equal(await text('.task[data-id="D"] .blocked'), 'blocked by C');
    assert.match(
      (await page.locator('.task[data-id="A"] .pr a').getAttribute('href')) ?? '',
      /^https:\/\/github\.example\/acme\/report\/pull\/\d+$/,
    );
    // The injection renders as the text it is, and ran nothing.
    assert.equal(await page.locator('.task[data-id="A"] .desc').textContent(), INJECTION);
    assert.equal(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('.task img, .task script').count(), 0);

    // Spend against the budgets of the plugin options, and the last runs.
    for (const name of ['Workspace', 'DevPod', 'Phase 1'])
      assert.equal(await page.locator(`svg .budget[data-budget="${name}"]`).count(), 1, `a budget line for ${name}`);
    assert.equal(await page.locator('svg .budget[data-budget="QAPod"]').count(), 0, 'no budget, no line');
    assert.deepEqual((await page.locator('tr[data-run]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run')))).sort(), [
      'A',
      'B',
    ]);

    // The page's own script runs (its hash is in the CSP): the pod filter hides the other pods' tasks.
    await page.selectOption('#filter-pod', 'QAPod');
    assert.equal(await page.locator('.task:visible').count(), 2);
    assert.equal(await text('#filter-shown'), '2 of 5 tasks shown');
    await page.selectOption('#filter-pod', '');

    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = path.join(ARTIFACTS, 'taskpod-report.png');
    await page.screenshot({ path: shot, fullPage: true });
    t.diagnostic(`screenshot: ${shot}`);
    console.log(`# report screenshot: ${shot}`);

    assert.deepEqual(problems, []);
    assert.deepEqual(requests, [pathToFileURL(file).href], 'the page made no request but its own load');
  });
});
