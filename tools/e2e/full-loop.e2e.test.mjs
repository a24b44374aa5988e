// The whole loop end to end: real nx, real git with a bare origin, the real openai and octokit
// clients against loopback servers, driven through the `taskpod` CLI as a user would.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAnswerServer } from '../demo/answer-server.mjs';
import { NX_BIN, REPO_ROOT, createDemoWorkspace, demoEnv, git } from '../demo/create-demo-workspace.mjs';
import { startGitHubServer } from './github-server.mjs';

const TASKPOD = path.join(REPO_ROOT, 'libs', 'cli', 'bin', 'taskpod.js');
const TOKEN = 'ghp_e2eSecretToken123';
const KEY = 'sk-e2e-secret-key-456';
let dir, workspace, origin, model, github, env;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'taskpod-e2e-'));
  ({ workspace, origin } = createDemoWorkspace(dir, { replies: false }));
  // Counts the pushes origin receives: the applies of one Nx batch share one.
  writeFileSync(path.join(origin, 'hooks', 'post-receive'), `#!/bin/sh\necho push >> '${path.join(dir, 'pushes.log')}'\n`);
  chmodSync(path.join(origin, 'hooks', 'post-receive'), 0o755);
  model = await startAnswerServer();
  github = await startGitHubServer();
  env = demoEnv({
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: model.url,
    GITHUB_TOKEN: TOKEN,
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: 'acme/shortlink',
    NO_COLOR: '1',
  });
});

after(async () => {
  await model?.close();
  await github?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a command in the workspace without blocking this process (the loopback servers live here). */
function run(file, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file, ...args], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

const read = (rel) => readFileSync(path.join(workspace, rel), 'utf8');
const traceRows = () =>
  read('.logs/trace_log.md')
    .split('\n')
    .filter((l) => /^\| \d{4}-/.test(l));
const statusOf = (dirName) =>
  /^\s*(status|done): (\S+)/m
    .exec(read(`task_templates/${dirName}/task.yaml`))
    ?.slice(1)
    .join(': ');
const remoteHeads = () => git(workspace, 'ls-remote', '--heads', origin);
const pushesReceived = () =>
  existsSync(path.join(dir, 'pushes.log')) ? readFileSync(path.join(dir, 'pushes.log'), 'utf8').split('\n').filter(Boolean).length : 0;
const pullRequestCalls = () => github.requests.filter((r) => r.method !== 'GET').length;

test('taskpod run --ready takes every task through run, patch, apply and log', async () => {
  const { code, out } = await run(TASKPOD, ['run', '--ready']);
  assert.equal(code, 0, out);
  assert.deepEqual([...model.calls].sort(), ['1.1', '1.2', '2.1', '2.2', 'X.1']);
  assert.equal(github.pulls.length, 5);
  assert.ok(
    github.pulls.every((p) => p.title.includes(p.head.ref.replace('taskpod/', ''))),
    'PR titles name the task id',
  );
  assert.equal(traceRows().length, 5);
  for (const d of ['1.2-shortlink-test-plan', '2.1-shortlink-service', '2.2-shortlink-tests', 'X.1-glossary'])
    assert.equal(statusOf(d), 'status: done');
  assert.equal(statusOf('1.1-shortlink-requirements'), 'done: true', 'the original shape keeps its flags');
  for (const id of ['1.1', '1.2', '2.1', '2.2', 'X.1'])
    assert.match(remoteHeads(), new RegExp(`refs/heads/taskpod/${id.replace('.', '\\.')}$`, 'm'));
  const pushes = pushesReceived();
  assert.ok(pushes >= 1 && pushes < 5, `five branches arrive in fewer pushes than five (applies of one batch share one): ${pushes}`);
  const commitMessage = git(workspace, 'log', '-1', '--format=%B', 'origin/taskpod/2.1');
  assert.match(commitMessage, /^2\.1: /);
  assert.match(commitMessage, /Task-Id: 2\.1/);
  assert.match(out, /TASK\s+RESULT\s+BRANCH\s+PR\s+TOKENS\s+COST/);
  assert.match(
    out,
    /^2\.1\s+done\s+taskpod\/2\.1\s+https:\S+\s+\d+\+\d+\s+\$\d+\.\d{4}\s*$/m,
    'each row: task, result, branch, PR, tokens, cost',
  );
  assert.match(out, /https:\/\/github\.example\/acme\/shortlink\/pull\/\d/);
  // The user's checkout is untouched but for the records and the task statuses.
  assert.equal(git(workspace, 'rev-parse', '--abbrev-ref', 'HEAD'), 'main');
  assert.doesNotMatch(git(workspace, 'status', '--porcelain'), /src\/shortlink\.js/);
  const metrics = read('metrics/metrics.yaml');
  assert.match(metrics, /tasks_done: 5/);
  assert.match(metrics, /prs_opened: 5/);
  for (const secret of [TOKEN, KEY]) {
    for (const rel of ['.logs/trace_log.md', 'metrics/metrics.yaml', '.patches/2.1/run.json', '.patches/2.1/apply.json']) {
      assert.ok(!read(rel).includes(secret), `${rel} must not hold a secret`);
    }
  }
});

test('a second run is a no-op: no model call, no commit, no pull request, no log row', async () => {
  const heads = remoteHeads();
  const calls = model.calls.length;
  const prCalls = pullRequestCalls();
  const { code, out } = await run(TASKPOD, ['run', '1.1', '1.2', '2.1', '2.2', 'X.1']);
  assert.equal(code, 0, out);
  assert.equal(model.calls.length, calls);
  assert.equal(pullRequestCalls(), prCalls);
  assert.equal(remoteHeads(), heads);
  assert.equal(traceRows().length, 5);
});

test('nx affected after editing one prompt re-runs only the reopened task that uses it', async () => {
  git(workspace, 'add', '-A');
  git(workspace, 'commit', '-q', '-m', 'Record the first run');
  const base = git(workspace, 'rev-parse', 'HEAD');
  writeFileSync(path.join(workspace, 'prompts/qa.md'), `${read('prompts/qa.md')}\nName every test after the behaviour it checks.\n`);
  const taskFile = 'task_templates/2.2-shortlink-tests/task.yaml';
  writeFileSync(path.join(workspace, taskFile), read(taskFile).replace('status: done', 'status: ready'));
  git(workspace, 'commit', '-qam', 'Sharpen the QA prompt and reopen 2.2');

  const affected = await run(NX_BIN, ['show', 'projects', '--affected', `--base=${base}`, '--head=HEAD', '--json']);
  assert.equal(affected.code, 0, affected.out);
  // The barriers of their phases are affected with them; they have no log target, so nothing more runs.
  const projects = JSON.parse(affected.out.slice(affected.out.indexOf('['))).sort();
  assert.deepEqual(projects, ['1.2', '2.2', 'phase-barrier/1', 'phase-barrier/2']);

  const calls = model.calls.length;
  const { code, out } = await run(NX_BIN, ['affected', '-t', 'log', `--base=${base}`, '--head=HEAD', '--outputStyle=stream']);
  assert.equal(code, 0, out);
  assert.deepEqual(model.calls.slice(calls), ['2.2']);
  assert.equal(statusOf('2.2-shortlink-tests'), 'status: done');
  assert.equal(traceRows().length, 6);
  assert.equal(github.pulls.filter((p) => p.head.ref === 'taskpod/2.2').length, 1, 'the open PR is updated, not duplicated');
});

test('a task whose dependency is not done is not started', async () => {
  const dep = 'task_templates/1.1-shortlink-requirements/task.yaml';
  writeFileSync(path.join(workspace, dep), read(dep).replace('done: true', 'done: false'));
  const taskFile = 'task_templates/1.2-shortlink-test-plan/task.yaml';
  writeFileSync(path.join(workspace, taskFile), read(taskFile).replace('status: done', 'status: ready'));
  const calls = model.calls.length;
  const { code, out } = await run(TASKPOD, ['run', '1.2']);
  assert.equal(code, 1, out);
  assert.match(out, /1\.1 is not ready/);
  assert.equal(model.calls.length, calls);
  assert.equal(statusOf('1.2-shortlink-test-plan'), 'status: ready');
});

test('taskpod run --fresh asks the model again for a reopened task the store could answer', async () => {
  // Phase 1 done again (the test before reopened it), so the phase barrier lets 2.1 through.
  const dep = 'task_templates/1.1-shortlink-requirements/task.yaml';
  writeFileSync(path.join(workspace, dep), read(dep).replace('done: false', 'done: true'));
  const plan = 'task_templates/1.2-shortlink-test-plan/task.yaml';
  writeFileSync(path.join(workspace, plan), read(plan).replace('status: ready', 'status: done'));
  const taskFile = 'task_templates/2.1-shortlink-service/task.yaml';
  writeFileSync(path.join(workspace, taskFile), read(taskFile).replace('status: done', 'status: ready'));
  const calls = model.calls.length;
  const { code, out } = await run(TASKPOD, ['run', '2.1', '--fresh']);
  assert.equal(code, 0, out);
  assert.deepEqual(model.calls.slice(calls), ['2.1']);
  assert.equal(statusOf('2.1-shortlink-service'), 'status: done');
});
