import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildConfig, makeTask, type TaskpodConfig } from '@taskpod/core';
import { commitFiles, git, initGitRepo, makeTempDir, sendJson, startLoopbackServer, writeFiles } from '@taskpod/testing';
import { runStep } from './run-step';
import { createStepContext } from './step-context';

const reply = { summary: 'Wrote it', files: [{ path: 'docs/spec.md', content: '# Spec\n' }] };
const completion = {
  id: 'c1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(reply), refusal: null } }],
  usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
};
const task = makeTask({ id: 'DOC-1', outputs: ['docs/**'] });

/** A folder (a repository with one commit unless told otherwise) and a loopback model counting its requests. */
async function setup(
  t: { after: (fn: () => void | Promise<void>) => void },
  repo: 'none' | 'empty' | 'committed',
  config: Partial<TaskpodConfig> = {},
) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(dir, { 'README.md': 'hello\n' });
  if (repo !== 'none') initGitRepo(dir);
  if (repo === 'committed') commitFiles(dir, {});
  const server = await startLoopbackServer((_req, res) => sendJson(res, 200, completion));
  t.after(server.close);
  const env = { PATH: process.env.PATH, OPENAI_API_KEY: 'sk-check-before-paying', OPENAI_BASE_URL: `${server.url}/v1` };
  const ctx = createStepContext(
    dir,
    buildConfig({ provider: 'openai', openai: { maxRetries: 0, timeoutMs: 5000, structuredOutput: true }, ...config }),
    { env },
  );
  return { dir, ctx, server };
}

describe('run checks before the model is asked', () => {
  it('refuses a repository without a commit, and a folder that is no repository, naming the fix', async (t) => {
    const empty = await setup(t, 'empty');
    await assert.rejects(runStep(empty.ctx, task), /has no commit yet.*make a first commit \(`git commit --allow-empty -m init`\)/);
    assert.equal(empty.server.requests.length, 0);
    const none = await setup(t, 'none');
    await assert.rejects(runStep(none.ctx, task), /is not a git repository.*`git init && git add -A && git commit -m init`/);
    assert.equal(none.server.requests.length, 0);
  });

  it('refuses a baseBranch that does not exist, and runs once it is created', async (t) => {
    const { dir, ctx, server } = await setup(t, 'committed', { baseBranch: 'release' });
    await assert.rejects(
      runStep(ctx, task),
      /baseBranch `release` does not exist in .*: set `baseBranch` in the taskpod plugin options in nx\.json to an existing branch, or create it \(`git branch release`\)/,
    );
    assert.equal(server.requests.length, 0);
    git(dir, 'branch', 'release');
    assert.equal((await runStep(ctx, task))!.summary, 'Wrote it');
    assert.equal(server.requests.length, 1);
  });

  it('refuses a task whose every output is a path taskpod owns, or that has none', async (t) => {
    const { ctx, server } = await setup(t, 'committed');
    // metrics/** and .logs/** are the user's but for taskpod's own files there (metrics/metrics.yaml, .logs/feedback/, ...).
    for (const outputs of [['.patches/DOC-1/**', 'docs/task.yaml', 'metrics/metrics.yaml', '.logs/feedback/**', '.git/hooks/*'], []]) {
      await assert.rejects(runStep(ctx, makeTask({ id: 'DOC-1', outputs })), (error: Error) => {
        assert.match(
          error.message,
          /^Task DOC-1 has no writable output: every output is a path taskpod owns .*Declare the files it writes in `outputs` \(task_templates\/DOC-1\/task.yaml:1\)\.$/,
        );
        return true;
      });
    }
    assert.equal(server.requests.length, 0);
  });
});
