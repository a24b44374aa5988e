import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTempDir, writeFiles } from '@taskpod/testing';
import { main } from '../main';

/** Runs the CLI in a folder, capturing output. */
async function cli(cwd: string, env: NodeJS.ProcessEnv, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd,
    env,
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
  });
  return { code, stdout, stderr };
}

function workspace(t: { after: (fn: () => void) => void }) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(dir, {
    'nx.json': '{"plugins":["taskpod/nx-plugin"]}',
    'task_templates/DOC-1/task.yaml':
      'id: DOC-1\ndescription: Write the login spec\nstatus: ready\npod: DocPod\nprompt: prompts/doc.liquid\nmemory: memory/memory.yaml\noutputs: ["docs/<feature>/spec.md"]\naudience: testers\n',
    'prompts/doc.liquid': 'Write for {{ task.audience }}.',
    'memory/memory.yaml': '- path: memory/style.md\n  description: House style\n- path: rules.md\n  repo: acme/handbook\n',
    'memory/style.md': 'Short sentences.',
  });
  return dir;
}

test('taskpod prompt <id> prints the request without calling anything', async (t) => {
  const root = workspace(t);
  const out = await cli(`${root}/task_templates`, { OPENAI_API_KEY: 'sk-cli-secret-1234' }, 'prompt', 'DOC-1', '--offline');
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /^=== system ===\nYou are DocPod/);
  assert.match(out.stdout, /=== user ===\n# Task DOC-1\n\nWrite the login spec/);
  assert.match(out.stdout, /- docs\/<feature>\/spec\.md/);
  assert.match(out.stdout, /Write for testers\./);
  assert.match(out.stdout, /memory\/style\.md: House style\n`+\nShort sentences\./);
  assert.match(
    out.stderr,
    /provider openai \(OPENAI_API_KEY is set\), model gpt-4o-mini; reply key [0-9a-f]{64} is not in the reply store/,
  );
  const json = JSON.parse((await cli(root, {}, 'prompt', 'DOC-1', '--json', '--offline')).stdout);
  assert.equal(json.provider, 'replay');
  assert.equal(json.in_store, false);
  assert.match(json.user, /Write for testers\./);
});

test('taskpod prompt: live memory without GITHUB_TOKEN is listed with a warning (a preview needs no token); an unknown id and a missing id are clear errors', async (t) => {
  const root = workspace(t);
  const live = await cli(root, {}, 'prompt', 'DOC-1');
  assert.equal(live.code, 0);
  assert.match(live.stderr, /warning: DOC-1: GITHUB_TOKEN is not set, so live GitHub memory is listed, not fetched/);
  assert.deepEqual(live.stdout, (await cli(root, {}, 'prompt', 'DOC-1', '--offline')).stdout);
  const unknown = await cli(root, {}, 'prompt', 'NOPE');
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /NOPE/);
  assert.equal((await cli(root, {}, 'prompt')).code, 2);
});

test('taskpod prompt: a memory entry outside the workspace is the same error run gives (exit 1), its content never shown', async (t) => {
  const { dir: parent, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(parent, { 'outside/secret.txt': 'TOP SECRET' });
  const root = `${parent}/ws`;
  writeFiles(root, {
    'nx.json': '{"plugins":["taskpod/nx-plugin"]}',
    'task_templates/DOC-1/task.yaml': 'id: DOC-1\ndescription: Write it\nstatus: ready\nmemory: memory/memory.yaml\noutputs: [docs/a.md]\n',
    'memory/memory.yaml': '- path: ../outside/secret.txt\n  description: not ours\n',
  });
  const out = await cli(root, {}, 'prompt', 'DOC-1', '--offline');
  assert.equal(out.code, 1);
  assert.match(out.stderr, /memory\/memory\.yaml: path: \.\.\/outside\/secret\.txt leaves the workspace/);
  assert.doesNotMatch(out.stdout + out.stderr, /TOP SECRET/);
});
