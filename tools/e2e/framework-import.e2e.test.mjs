// The original framework's repository run as it is: a repository in the shapes of its framework_full/
// project, `taskpod import --yes` once, then list, prompt for every task, next and run through real nx,
// real git with a bare origin, and the real openai and octokit clients against loopback servers.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAnswerServer } from '../demo/answer-server.mjs';
import { REPO_ROOT, demoEnv, git } from '../demo/create-demo-workspace.mjs';
import { startGitHubServer } from './github-server.mjs';

const TASKPOD = path.join(REPO_ROOT, 'libs', 'cli', 'bin', 'taskpod.js');
const { frameworkFixture, FRAMEWORK_FIXTURE_IDS, writeFiles } = await import(path.join(REPO_ROOT, 'libs', 'testing', 'dist', 'index.js'));
let dir, workspace, origin, model, github, env;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'taskpod-framework-'));
  workspace = path.join(dir, 'framework_full');
  origin = path.join(dir, 'origin.git');
  mkdirSync(workspace);
  writeFiles(workspace, { ...frameworkFixture(), '.gitignore': 'node_modules\n.nx/\n' });
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(workspace, 'node_modules'), 'dir');
  git(dir, 'init', '-q', '--bare', '-b', 'main', origin);
  git(workspace, 'init', '-q', '-b', 'main');
  for (const [key, value] of [
    ['commit.gpgsign', 'false'],
    ['gc.auto', '0'],
    ['user.name', 'taskpod e2e'],
    ['user.email', 'e2e@taskpod.invalid'],
  ])
    git(workspace, 'config', key, value);
  git(workspace, 'add', '-A');
  git(workspace, 'commit', '-q', '-m', 'The framework, as it is');
  git(workspace, 'remote', 'add', 'origin', origin);
  git(workspace, 'push', '-q', '-u', 'origin', 'main');
  model = await startAnswerServer({
    answerFor: (id) => ({
      summary: `Captured the project goals (${id}).`,
      files: [{ path: 'docs/project_goals.md', content: '# Project goals\n\n- Ship the delivery app.\n' }],
      reasoning: 'No goals file yet; started from the description.',
      handoff: 'Next: map the user flows from these goals.',
    }),
  });
  github = await startGitHubServer();
  env = demoEnv({
    OPENAI_API_KEY: 'sk-framework-e2e',
    OPENAI_BASE_URL: model.url,
    GITHUB_TOKEN: 'ghp_framework_e2e',
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: 'acme/delivery-app',
    NO_COLOR: '1',
  });
});

after(async () => {
  await model?.close();
  await github?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI without blocking this process (the loopback servers live here). */
function taskpod(args, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TASKPOD, ...args], {
      cwd: workspace,
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const read = (rel) => readFileSync(path.join(workspace, rel), 'utf8');
const IDS = FRAMEWORK_FIXTURE_IDS.map((id) => id.replace('2.5 research/assist', '2.5_research_assist'));

test("import once, then list shows the backlog's 31 tasks once each and every prompt renders", async () => {
  const imported = await taskpod(['import', '--yes']);
  assert.equal(imported.code, 0, imported.stderr);
  git(workspace, 'commit', '-q', '-m', 'taskpod import');
  git(workspace, 'push', '-q', 'origin', 'main');
  const list = await taskpod(['list', '--json']);
  assert.equal(list.code, 0, list.stderr);
  const ids = JSON.parse(list.stdout).map((t) => t.id);
  assert.equal(ids.length, 31);
  assert.deepEqual([...ids].sort(), [...IDS].sort());
  // No token here: a preview lists live memory without fetching it, and says so.
  const failed = [];
  for (const id of IDS) {
    const prompt = await taskpod(['prompt', id], { GITHUB_TOKEN: '' });
    if (prompt.code !== 0 || !prompt.stdout.includes(`# Task ${id}`)) failed.push(`${id}: ${prompt.stderr}`);
  }
  assert.deepEqual(failed, []);
  const goals = await taskpod(['prompt', '1.1_capture_project_goals'], { GITHUB_TOKEN: '' });
  assert.match(
    goals.stdout,
    /### Capture project goals \(1\.1_capture_project_goals\)\nSummarise what we build, for whom, and why: capture project goals\nUnknown to taskpod: \[\]/,
    'the sibling prompt_template_simple.md, placeholders rendered',
  );
  assert.match(goals.stdout, /- Input `docs\/project_goals\.md` does not exist yet\./);
});

test('next names a phase-1 task; run takes it through patch, branch, trace row and status; a second run asks nothing', async () => {
  const next = await taskpod(['next']);
  assert.equal(next.code, 0, next.stderr);
  const id = next.stdout.trim();
  assert.equal(id, '1.1_capture_project_goals');
  const run = await taskpod(['run', id]);
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  assert.deepEqual(model.calls, [id]);
  assert.ok(
    readdirSync(path.join(workspace, '.patches')).some((f) => f.startsWith('patch_') && f.endsWith(`_${id}.diff`)),
    'the patch',
  );
  assert.match(
    git(workspace, 'ls-remote', '--heads', origin),
    new RegExp(`refs/heads/taskpod/${id.replace(/\./g, '\\.')}$`, 'm'),
    'the branch on origin',
  );
  assert.match(git(workspace, 'show', `origin/taskpod/${id}:docs/project_goals.md`), /Ship the delivery app/);
  assert.match(
    read('.logs/trace_log.md'),
    new RegExp(`\\| ${id.replace(/\./g, '\\.')} \\[reasoning\\]\\(reasoning/${id.replace(/\./g, '\\.')}\\.md\\) \\[handoff\\]`),
    'the trace row, linking the reasoning and handoff',
  );
  assert.match(read(`.logs/handoff/${id}.md`), /map the user flows/);
  assert.match(read(`task_templates/backlog/${id}/task.yaml`), /status: done/);
  const record = JSON.parse(read(`.patches/${id}/run.json`));
  assert.ok(
    record.notes.some((n) => /Live memory `acme\/delivery-app:docs\/project_goals\.md` does not exist yet \(GitHub answered 404\)/.test(n)),
    'a 404 live memory file is a note',
  );

  const again = await taskpod(['run', id]);
  assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
  assert.deepEqual(model.calls, [id], 'the second run asks nothing');
});

test('a backlog tool fails before any model call, naming the command that replaces it', async () => {
  const calls = model.calls.length;
  const run = await taskpod(['run', '0.3_clone_task']);
  assert.equal(run.code, 1);
  assert.match(`${run.stdout}\n${run.stderr}`, /only edits the backlog/);
  assert.equal(model.calls.length, calls);
});
