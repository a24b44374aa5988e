import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ProviderError } from '@taskpod/core';
import { commitFiles, git, initGitRepo, makeTempDir, writeFiles } from '@taskpod/testing';
import { createShellProvider } from './shell-provider';
import type { ModelRequest } from './types';

const request: ModelRequest = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'system', content: 'SYSTEM PART' }, { role: 'user', content: 'USER PART' }],
  parameters: {},
  response_format: null,
};

/** A workspace repo plus a folder of executable fixture agents outside it. */
function setup(t: { after: (fn: () => void) => void }, agents: Record<string, string>) {
  const ws = makeTempDir();
  const bin = makeTempDir();
  t.after(() => { ws.cleanup(); bin.cleanup(); });
  initGitRepo(ws.dir);
  commitFiles(ws.dir, { 'docs/old.md': 'old\n', 'README.md': 'readme\n' });
  writeFiles(bin.dir, agents);
  for (const name of Object.keys(agents)) chmodSync(path.join(bin.dir, name), 0o755);
  const provider = (name: string, timeoutMs = 5000, env: NodeJS.ProcessEnv = process.env) =>
    createShellProvider({ root: ws.dir, command: [path.join(bin.dir, name), '--flag'], timeoutMs, env });
  return { root: ws.dir, provider };
}

test('shell: edits in the worktree (modified and untracked) become the reply; the checkout is untouched', async (t) => {
  const { root, provider } = setup(t, {
    'edit.sh': '#!/bin/sh\nset -e\nprompt=$(cat)\nmkdir -p docs/new\nprintf "%s" "$prompt" > docs/new/prompt.txt\necho changed > docs/old.md\nrm README.md\necho "$1 done editing"\n',
  });
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

test('shell: a JSON reply on stdout becomes the reply', async (t) => {
  const { provider } = setup(t, {
    'json.sh': `#!/bin/sh\ncat > /dev/null\necho '{"summary":"via stdout","files":[{"path":"docs/x.md","content":"x"}]}'\n`,
  });
  const result = await provider('json.sh').complete(request, { taskId: 'T1' });
  assert.deepEqual(result.reply, { summary: 'via stdout', files: [{ path: 'docs/x.md', content: 'x' }] });
});

test('shell: a hanging agent is killed at the timeout with a clear error, and the worktree removed', async (t) => {
  const { root, provider } = setup(t, { 'hang.sh': '#!/bin/sh\nexec sleep 30\n' });
  await assert.rejects(provider('hang.sh', 200).complete(request, { taskId: 'T7' }), (error: unknown) => {
    assert.ok(error instanceof ProviderError);
    assert.match(error.message, /task T7 timed out after 200 ms/);
    return true;
  });
  assert.equal(git(root, 'worktree', 'list').split('\n').length, 1);
});

test('shell: a failing agent keeps its stderr in the error, with secrets redacted', async (t) => {
  const secret = 'sk-shell-secret-987654';
  const { provider } = setup(t, { 'fail.sh': '#!/bin/sh\necho "auth failed for $OPENAI_API_KEY" >&2\nexit 1\n' });
  await assert.rejects(provider('fail.sh', 5000, { ...process.env, OPENAI_API_KEY: secret }).complete(request, { taskId: 'T1' }), (error: unknown) => {
    assert.ok(error instanceof ProviderError);
    assert.match(error.message, /exited with code 1/);
    assert.match(error.message, /stderr: auth failed for \*\*\*/);
    assert.ok(!error.message.includes(secret));
    return true;
  });
});

test('shell: no edits and no JSON is an error', async (t) => {
  const { provider } = setup(t, { 'idle.sh': '#!/bin/sh\ncat > /dev/null\necho nothing to do\n' });
  await assert.rejects(provider('idle.sh').complete(request, { taskId: 'T1' }), /made no edits and printed no JSON reply/);
});

test('shell: a command that does not exist is a clear error', async (t) => {
  const { root } = setup(t, {});
  const provider = createShellProvider({ root, command: ['/nonexistent/agent'], timeoutMs: 1000, env: process.env });
  await assert.rejects(provider.complete(request, { taskId: 'T1' }), /could not run/);
});
