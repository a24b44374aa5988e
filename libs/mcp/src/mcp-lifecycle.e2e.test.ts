import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { callTool as call, connectMcpClient as connect, makeNxWorkspaceWithOrigin } from '@taskpod/testing';
import { BACKLOG } from './e2e/backlog';

// The lifecycle tools write what the lifecycle commands write, through the same ledger functions.

const taskFile = (root: string, id: string) => {
  const rel = Object.keys(BACKLOG).find((file) => BACKLOG[file]!.includes(`id: ${id}`))!;
  return readFileSync(path.join(root, rel), 'utf8');
};

test('set_status sets the status in the task file, names an unknown status and id, and writes nothing then', async (t) => {
  const { root } = makeNxWorkspaceWithOrigin(t, BACKLOG);
  const { client } = await connect(t, root);
  const set = await call(client, 'set_status', { ids: ['DOC-1'], status: 'blocked' });
  assert.equal(set.isError, undefined, String(set.content[0]?.text));
  assert.deepEqual(
    (set.structuredContent as { changes: { id: string; to: string }[] }).changes.map((c) => [c.id, c.to]),
    [['DOC-1', 'blocked']],
  );
  assert.match(taskFile(root, 'DOC-1'), /^status: blocked$/m);
  const before = taskFile(root, 'DOC-1');
  const badStatus = await call(client, 'set_status', { ids: ['DOC-1'], status: 'redy' });
  assert.equal(badStatus.isError, true);
  assert.match(String(badStatus.content[0]?.text), /Unknown status `redy`\. Did you mean `ready`\?/);
  const badId = await call(client, 'set_status', { ids: ['DOC-1', 'DOC-l'], status: 'ready' });
  assert.equal(badId.isError, true);
  assert.match(String(badId.content[0]?.text), /Unknown task id: DOC-l\. Did you mean `DOC-1`\?/);
  assert.equal(taskFile(root, 'DOC-1'), before, 'nothing written for a refused call');
});

test('reopen_task sets ready and puts the feedback under Human feedback, where the next prompt reads it', async (t) => {
  const { root } = makeNxWorkspaceWithOrigin(t, BACKLOG);
  const { client } = await connect(t, root);
  await call(client, 'set_status', { ids: ['DOC-1'], status: 'done' });
  const before = (await call(client, 'render_prompt', { id: 'DOC-1' })).structuredContent as { reply_key?: string };
  const reopened = await call(client, 'reopen_task', { id: 'DOC-1', feedback: 'Name the error codes.' });
  assert.equal(reopened.isError, undefined, String(reopened.content[0]?.text));
  assert.deepEqual(reopened.structuredContent, { id: 'DOC-1', from: 'done', to: 'ready', feedback_file: '.logs/feedback/DOC-1.md' });
  assert.match(readFileSync(path.join(root, '.logs/feedback/DOC-1.md'), 'utf8'), /## Human feedback[\s\S]*Name the error codes\./);
  const after = await call(client, 'render_prompt', { id: 'DOC-1' });
  assert.match(JSON.stringify(after.structuredContent), /Name the error codes\./);
  assert.notEqual((after.structuredContent as { reply_key?: string }).reply_key, before.reply_key);
});
