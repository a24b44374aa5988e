import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ProviderError } from '@taskpod/core';
import { agentWorktreeAt, commitFiles, git, initGitRepo, makeTempDir, writeFiles } from '@taskpod/testing';
import { createShellProvider } from './shell-provider';
import type { ModelRequest } from './types';

const request: ModelRequest = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'SYSTEM PART' },
    { role: 'user', content: 'USER PART' },
  ],
  parameters: {},
  response_format: null,
};

const AGENTS: Record<string, string> = {
  'edit.sh':
    '#!/bin/sh\nset -e\nprompt=$(cat)\nmkdir -p docs/new\nprintf "%s" "$prompt" > docs/new/prompt.txt\necho changed > docs/old.md\nrm README.md\necho "$1 done editing"\n',
  'json.sh': `#!/bin/sh\ncat > /dev/null\necho '{"summary":"via stdout","files":[{"path":"docs/x.md","content":"x"}]}'\n`,
  'hang.sh': '#!/bin/sh\nexec sleep 30\n',
  'fail.sh': '#!/bin/sh\necho "auth failed for $OPENAI_API_KEY" >&2\nexit 1\n',
  'anthropic.sh': '#!/bin/sh\ncat > /dev/null\necho "invalid x-api-key $ANTHROPIC_API_KEY" >&2\nexit 1\n',
  'chatty.sh': '#!/bin/sh\ncat > /dev/null\nmkdir -p docs\necho x > docs/c.md\necho "done with key $ANTHROPIC_API_KEY"\n',
  'idle.sh': '#!/bin/sh\ncat > /dev/null\necho nothing to do\n',
  'link.sh': '#!/bin/sh\ncat > /dev/null\nmkdir -p docs\nln -s "$SECRET_FILE" docs/leak.md\necho own > docs/own.md\n',
  'mkdoc.sh': '#!/bin/sh\ncat > /dev/null\nmkdir -p docs\ngit rev-parse --show-prefix > docs/sub.md\n',
};

/** One workspace repo and one folder of executable fixture agents, shared: every run leaves the repo as it found it. */
const ws = makeTempDir();
const bin = makeTempDir();
before(() => {
  initGitRepo(ws.dir);
  commitFiles(ws.dir, { 'docs/old.md': 'old\n', 'README.md': 'readme\n' });
  writeFiles(bin.dir, AGENTS);
  for (const name of Object.keys(AGENTS)) chmodSync(path.join(bin.dir, name), 0o755);
});
after(() => {
  ws.cleanup();
  bin.cleanup();
});
const root = ws.dir;
const provider = (name: string, timeoutMs = 5000, env: NodeJS.ProcessEnv = process.env) =>
  createShellProvider({ worktree: agentWorktreeAt(root, env), command: [path.join(bin.dir, name), '--flag'], timeoutMs, env });

test('shell: edits in the worktree (modified and untracked) become the reply; the checkout is untouched', async () => {
  const result = await provider('edit.sh').complete(request, { taskId: 'T1' });
  assert.equal(result.reply.summary, '--flag done editing');
  assert.deepEqual(result.reply.files, [
    { path: 'docs/new/prompt.txt', content: 'SYSTEM PART\n\nUSER PART' },
    { path: 'docs/old.md', content: 'changed\n' },
  ]);
  assert.equal(readFileSync(path.join(root, 'docs/old.md'), 'utf8'), 'old\n');
  assert.ok(existsSync(path.join(root, 'README.md')));
  assert.equal(git(root, 'status', '--porcelain'), '');
  assert.equal(git(root, 'worktree', 'list').split('\n').length, 1, 'the temporary worktree is removed');
});

test('shell: a JSON reply on stdout becomes the reply', async () => {
  const result = await provider('json.sh').complete(request, { taskId: 'T1' });
  assert.deepEqual(result.reply, { summary: 'via stdout', files: [{ path: 'docs/x.md', content: 'x' }] });
});

test('shell: a hanging agent is killed at the timeout with a clear error, and the worktree removed', async () => {
  await assert.rejects(provider('hang.sh', 200).complete(request, { taskId: 'T7' }), (error: unknown) => {
    assert.ok(error instanceof ProviderError);
    assert.match(error.message, /task T7 timed out after 200 ms/);
    return true;
  });
  assert.equal(git(root, 'worktree', 'list').split('\n').length, 1);
});

test('shell: a failing agent keeps its stderr in the error, with secrets redacted', async () => {
  const secret = 'sk-shell-secret-987654';
  await assert.rejects(
    provider('fail.sh', 5000, { ...process.env, OPENAI_API_KEY: secret }).complete(request, { taskId: 'T1' }),
    (error: unknown) => {
      assert.ok(error instanceof ProviderError);
      assert.match(error.message, /exited with code 1/);
      assert.match(error.message, /stderr: auth failed for \*\*\*/);
      assert.ok(!error.message.includes(secret));
      return true;
    },
  );
});

test("shell: an agent's own key (any *_API_KEY) never appears in the error or the summary taken from its output", async () => {
  const secret = 'sk-ant-api03-shellsecret-55';
  const env = { ...process.env, ANTHROPIC_API_KEY: secret };
  await assert.rejects(provider('anthropic.sh', 5000, env).complete(request, { taskId: 'T1' }), (error: unknown) => {
    assert.ok(error instanceof ProviderError);
    assert.match(error.message, /stderr: invalid x-api-key \*\*\*/);
    assert.ok(!error.message.includes(secret), error.message);
    return true;
  });
  const result = await provider('chatty.sh', 5000, env).complete(request, { taskId: 'T1' });
  assert.equal(result.reply.summary, 'done with key ***');
});

test('shell: no edits and no JSON is an error', async () => {
  await assert.rejects(provider('idle.sh').complete(request, { taskId: 'T1' }), /made no edits and printed no JSON reply/);
});

test('shell: a command that does not exist is a clear error', async () => {
  const provider = createShellProvider({
    worktree: agentWorktreeAt(root),
    command: ['/nonexistent/agent'],
    timeoutMs: 1000,
    env: process.env,
  });
  await assert.rejects(provider.complete(request, { taskId: 'T1' }), /could not run/);
});

test('shell: a workspace in a subfolder of the repository gets its own folder of the worktree, and paths relative to it', async () => {
  const sub = path.join(root, 'apps', 'web');
  commitFiles(root, { 'apps/web/nx.json': '{}' });
  const agent = createShellProvider({
    worktree: agentWorktreeAt(sub),
    command: [path.join(bin.dir, 'edit.sh')],
    timeoutMs: 5000,
    env: process.env,
  });
  await assert.rejects(agent.complete(request, { taskId: 'T1' }), /exited with code 1/, 'README.md is not in the subfolder, so `rm` fails');
  const json = createShellProvider({
    worktree: agentWorktreeAt(sub),
    command: [path.join(bin.dir, 'mkdoc.sh')],
    timeoutMs: 5000,
    env: process.env,
  });
  const result = await json.complete(request, { taskId: 'T1' });
  assert.deepEqual(result.reply.files, [{ path: 'docs/sub.md', content: 'apps/web/\n' }]);
});

test('shell: a workspace that is not a git repository with a commit is a clear error', async () => {
  const empty = makeTempDir();
  try {
    initGitRepo(empty.dir);
    const agent = createShellProvider({
      worktree: agentWorktreeAt(empty.dir),
      command: [path.join(bin.dir, 'json.sh')],
      timeoutMs: 5000,
      env: process.env,
    });
    await assert.rejects(agent.complete(request, { taskId: 'T1' }), /must be inside a git repository with at least one commit/);
  } finally {
    empty.cleanup();
  }
});

test('shell: a symlink the agent makes is not an edit: what it points at is never read into the reply', async (t) => {
  const outside = makeTempDir();
  t.after(outside.cleanup);
  writeFiles(outside.dir, { 'secret.txt': 'TOP SECRET' });
  const result = await provider('link.sh', 5000, { ...process.env, SECRET_FILE: path.join(outside.dir, 'secret.txt') }).complete(request, {
    taskId: 'T1',
  });
  assert.deepEqual(result.reply.files, [{ path: 'docs/own.md', content: 'own\n' }]);
});
