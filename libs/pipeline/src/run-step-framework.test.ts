import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type RunRecord, UserError, buildConfig, makeTask } from '@taskpod/core';
import { commitFiles, initGitRepo, makeTempDir, sendJson, startLoopbackServer } from '@taskpod/testing';
import { runStep } from './run-step';
import { createStepContext } from './step-context';

const completion = (reply: unknown) => ({
  id: 'c1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(reply), refusal: null } }],
  usage: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30 },
});

/** A repository with a commit: run checks before paying that a patch can be made. */
function workspace(t: { after: (fn: () => void) => void }, files: Record<string, string>): string {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  initGitRepo(dir);
  commitFiles(dir, { 'README.md': 'a repository\n', ...files });
  return dir;
}

const context = (root: string, env: NodeJS.ProcessEnv) =>
  createStepContext(root, buildConfig({ provider: 'openai', openai: { maxRetries: 0, timeoutMs: 5000, structuredOutput: true } }), {
    env,
    now: () => new Date('2026-03-01T10:00:00Z'),
  });

test('run: missing things the framework expects (a 404 live memory file, a glob live entry, an input not written yet) are notes, not failures', async (t) => {
  const root = workspace(t, {
    'memory/memory.yaml':
      'template: true\ngoals:\n  - path: docs/project_goals.md\n    repo: acme/app\nspikes:\n  - path: docs/research/spikes/spike_*.md\n    repo: acme/app\n    raw_url: https://example.invalid/spike_sample.md\n',
  });
  const github = await startLoopbackServer((_req, res) => sendJson(res, 404, { message: 'Not Found' }));
  t.after(github.close);
  const openai = await startLoopbackServer((_req, res) =>
    sendJson(res, 200, completion({ summary: 'goals', files: [{ path: 'docs/project_goals.md', content: '# Goals\n' }] })),
  );
  t.after(openai.close);
  const env = { OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: `${openai.url}/v1`, GITHUB_TOKEN: 'ghp_x', GITHUB_API_URL: github.url };
  const task = makeTask({
    id: '1.1_goals',
    memory: ['memory/memory.yaml'],
    inputs: ['docs/project_goals.md', 'docs/specs/spec_<feature_id>.md'],
    outputs: ['docs/project_goals.md'],
  });
  const record = (await runStep(context(root, env), task)) as RunRecord;
  assert.equal(github.requests.length, 1, 'the glob entry is not fetched');
  const user = (openai.requests[0]!.json as { messages: { content: string }[] }).messages[1]!.content;
  assert.match(
    user,
    /## Notes\n- Live memory `acme\/app:docs\/project_goals\.md` does not exist yet \(GitHub answered 404\)\.\n- Live memory `acme\/app:docs\/research\/spikes\/spike_\*\.md` names many files.*\n- Input `docs\/project_goals\.md` does not exist yet\.\n- Input `docs\/specs\/spec_<feature_id>\.md` matches no file yet\./,
  );
  assert.equal(record.notes?.length, 4);
});

test('run: a task that only edits the backlog fails before any model call, naming the command that replaces it', async (t) => {
  const root = workspace(t, {});
  const openai = await startLoopbackServer((_req, res) => sendJson(res, 200, completion({ summary: 'x', files: [] })));
  t.after(openai.close);
  const env = { OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: `${openai.url}/v1` };
  const clone = makeTask({ id: '0.3_clone_task', fields: { id: '0.3_clone_task', outputs: ['task.yaml'] } });
  await assert.rejects(
    runStep(context(root, env), clone),
    (e: unknown) =>
      e instanceof UserError && /only edits the backlog/.test(e.message) && /taskpod add --from 0\.3_clone_task/.test(e.details.hint ?? ''),
  );
  const marked = makeTask({ id: 'x', outputs: ['docs/a.md'], fields: { id: 'x', taskpod_command: 'taskpod set-status <id> in_progress' } });
  await assert.rejects(runStep(context(root, env), marked), /only edits the backlog/);
  assert.equal(openai.requests.length, 0);
});

test("run: a task with no output it may write (the framework lists only taskpod's own paths) fails before any model call", async (t) => {
  const root = workspace(t, {});
  const openai = await startLoopbackServer((_req, res) => sendJson(res, 200, completion({ summary: 'x', files: [] })));
  t.after(openai.close);
  const env = { OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: `${openai.url}/v1` };
  const digest = makeTask({
    id: '1.7_feedback_summary',
    outputs: [],
    fields: { id: '1.7_feedback_summary', outputs: ['.logs/feedback/1.7_feedback_summary.md'] },
  });
  await assert.rejects(
    runStep(context(root, env), digest),
    (e: unknown) => e instanceof UserError && /has no writable output/.test(e.message),
  );
  assert.equal(openai.requests.length, 0);
});
