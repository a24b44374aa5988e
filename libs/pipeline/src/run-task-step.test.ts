import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { commitFiles, initGitRepo, makeTempDir, sendJson, startLoopbackServer, writeFiles } from '@taskpod/testing';
import { normalizeStepOptions, openTaskStep, runTaskStep, type StepIo } from './run-task-step';

const NAMING = { name: (option: string) => `\`${option}\`` };
const quiet = (env: NodeJS.ProcessEnv = {}): StepIo & { lines: string[] } => {
  const lines: string[] = [];
  return { env, log: (line) => lines.push(line), lines };
};
const nxJson = (options: object) => JSON.stringify({ plugins: [{ plugin: '@taskpod/nx-plugin', options }] });

function workspace(t: { after: (fn: () => void) => void }, files: Record<string, string>): string {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(dir, files);
  return dir;
}

// First in the file: nothing has loaded a step module yet.
test('a done task is skip-done: its status is decided before any step module is loaded', async (t) => {
  const root = workspace(t, { 'task_templates/a/task.yaml': 'id: A\ndescription: x\nstatus: done\n' });
  const source = { root, project: { name: 'A', root: 'task_templates/a' } };
  const outcome = await runTaskStep('run', source, normalizeStepOptions('run', {}, NAMING), quiet());
  assert.equal(outcome.decision, 'skip-done');
  assert.equal(outcome.result, null);
  const steps = Object.keys(require.cache).filter((file) => /[\\/](run|patch|apply|log)-step\.js$/.test(file));
  assert.deepEqual(steps, []);
  assert.equal(
    (await openTaskStep('run', source, normalizeStepOptions('run', { force: true }, NAMING), quiet())).decision,
    'run',
    'forced, it runs',
  );
});

test('an executor takes the config from the nx.json Nx read; a command reads it from the workspace', async (t) => {
  const root = workspace(t, {
    'nx.json': nxJson({ tasksGlob: 'task_templates/**/task.yaml' }),
    'backlog/b.yml': 'id: B\ndescription: x\nstatus: done\n',
  });
  const source = { root, project: { name: 'B', root: 'backlog' } };
  const options = normalizeStepOptions('log', {}, NAMING);
  // nx.json on disk does not match backlog/*.yml; the options Nx built the graph with do.
  await assert.rejects(
    runTaskStep('log', source, options, quiet()),
    /no file in backlog matches tasksGlob `task_templates\/\*\*\/task\.yaml`/,
  );
  const fromNx = await runTaskStep('log', { ...source, nxJson: JSON.parse(nxJson({ tasksGlob: 'backlog/*.yml' })) }, options, quiet());
  assert.deepEqual([fromNx.task.id, fromNx.decision, fromNx.ctx.config.tasksGlob], ['B', 'skip-done', 'backlog/*.yml']);
});

test('a command names an unknown id; a task that is not ready fails before any step, saying why', async (t) => {
  const root = workspace(t, { 'task_templates/a/task.yaml': 'id: A\ndescription: x\nstatus: review\n' });
  await assert.rejects(
    runTaskStep('patch', { root, id: 'AA' }, normalizeStepOptions('patch', {}, NAMING), quiet()),
    /Unknown task id `AA`\. Did you mean `A`\?/,
  );
  await assert.rejects(
    runTaskStep('patch', { root, id: 'A' }, normalizeStepOptions('patch', {}, NAMING), quiet()),
    /Task A is not ready: its status is `review`/,
  );
  // `prompt` previews a task in any status.
  const preview = await runTaskStep('prompt', { root, id: 'A' }, normalizeStepOptions('prompt', {}, NAMING), quiet());
  assert.equal(preview.decision, 'run');
});

test('prompt and run, both through the runner, show and record the same reply key and prompt hash', async (t) => {
  const server = await startLoopbackServer((_req, res) =>
    sendJson(res, 200, {
      id: 'c1',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o-mini',
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          message: {
            role: 'assistant',
            content: JSON.stringify({ summary: 'Wrote a', files: [{ path: 'docs/a.md', content: '# A\n' }] }),
            refusal: null,
          },
        },
      ],
      usage: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30 },
    }),
  );
  t.after(server.close);
  const root = workspace(t, {});
  initGitRepo(root);
  commitFiles(root, {
    'nx.json': nxJson({ provider: 'openai', openai: { maxRetries: 0, timeoutMs: 5000 } }),
    'task_templates/a/task.yaml': 'id: A\ndescription: Write a\nstatus: ready\noutputs: [docs/a.md]\n',
  });
  const io = quiet({ OPENAI_API_KEY: 'sk-runner-test-0000', OPENAI_BASE_URL: `${server.url}/v1`, PATH: process.env.PATH });
  const preview = await runTaskStep('prompt', { root, id: 'A' }, normalizeStepOptions('prompt', {}, NAMING), io);
  assert.equal(preview.result.inStore, false);
  const run = await runTaskStep('run', { root, id: 'A' }, normalizeStepOptions('run', {}, NAMING), io);
  assert.ok(run.result, io.lines.join('\n'));
  assert.deepEqual([run.result.reply_key, run.result.prompt_hash], [preview.result.key, preview.result.promptHash]);
  assert.equal(server.requests.length, 1);
  const again = await runTaskStep('prompt', { root, id: 'A' }, normalizeStepOptions('prompt', {}, NAMING), io);
  assert.equal(again.result.inStore, true, `${path.join('.patches', 'replies')} answers the same request`);
});
