import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { callTool as call, connectMcpClient as connect, makeNxWorkspaceWithOrigin, mcpServerEnv, taskpod } from '@taskpod/testing';
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

test('add_task writes the task file taskpod add writes, and list_tasks then shows the task', async (t) => {
  const { root } = makeNxWorkspaceWithOrigin(t, BACKLOG);
  const { client } = await connect(t, root);
  const added = await call(client, 'add_task', {
    id: 'DOC-2',
    description: 'Write the API reference',
    pod: 'DocPod',
    phase: 1,
    outputs: ['docs/api.md'],
    depends_on: ['DOC-1'],
  });
  assert.equal(added.isError, undefined, String(added.content[0]?.text));
  assert.deepEqual(added.structuredContent, {
    id: 'DOC-2',
    file: 'task_templates/DOC-2/task.yaml',
    instance_of: null,
    warnings: [],
    became_template: null,
  });
  assert.equal(added.content[0]?.text, 'wrote task_templates/DOC-2/task.yaml');
  const flags = ['--description', 'Write the API reference', '--pod', 'DocPod', '--phase', '1', '--output', 'docs/api.md'];
  const cli = taskpod(root, ['add', '--id', 'DOC-3', ...flags, '--depends-on', 'DOC-1'], mcpServerEnv());
  assert.equal(cli.code, 0, cli.stderr);
  const file = (id: string) =>
    readFileSync(path.join(root, `task_templates/${id}/task.yaml`), 'utf8').replace(/^created_at: .*$/m, 'created_at: *');
  assert.equal(file('DOC-2'), file('DOC-3').replace('id: DOC-3', 'id: DOC-2'), 'the file taskpod add writes');
  assert.match(file('DOC-2'), /^depends_on:\n {2}- DOC-1$/m);
  const listed = (await call(client, 'list_tasks', {})).structuredContent as {
    tasks: { id: string; status: string; depends_on: string[] }[];
  };
  const row = listed.tasks.find((task) => task.id === 'DOC-2');
  assert.deepEqual(row && [row.status, row.depends_on], ['ready', ['DOC-1']]);
});

test('add_task refuses an existing id by name, and a request taskpod add refuses, with its text; nothing is written', async (t) => {
  const { root } = makeNxWorkspaceWithOrigin(t, BACKLOG);
  const { client } = await connect(t, root);
  const before = taskFile(root, 'DOC-1');
  const taken = await call(client, 'add_task', { id: 'DOC-1', description: 'Again' });
  assert.equal(taken.isError, true);
  assert.match(
    String(taken.content[0]?.text),
    /^taskpod: Task id `DOC-1` exists already \(task_templates\/doc-1\/task\.yaml:1\); nothing was written\.\n {2}Choose another id\./,
  );
  assert.equal(taskFile(root, 'DOC-1'), before);
  const bare = await call(client, 'add_task', { id: 'DOC-2' });
  assert.match(String(bare.content[0]?.text), /`taskpod add` needs --description \(or --from a task to copy\)/);
  const unused = await call(client, 'add_task', { id: 'DOC-2', from: 'DOC-1', set: { feature: 'x' } });
  assert.match(String(unused.content[0]?.text), /`--set feature=\.\.\.` matches no placeholder or field of DOC-1/);
  const unknown = await call(client, 'add_task', { id: 'DOC-2', description: 'D', depends_on: ['DOC-9'] });
  assert.equal(unknown.isError, true);
  assert.match(
    String(unknown.content[0]?.text),
    /The new task DOC-2 \(task_templates\/DOC-2\/task\.yaml\) would not be valid; nothing was written/,
  );
  assert.equal(existsSync(path.join(root, 'task_templates/DOC-2')), false);
  const listed = (await call(client, 'list_tasks', {})).structuredContent as { tasks: { id: string }[] };
  assert.deepEqual(
    listed.tasks.map((task) => task.id),
    ['DOC-1', 'OPS-2'],
  );
});
