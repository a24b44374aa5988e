import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  callTool as call,
  connectMcpClient as connect,
  git,
  makeNxWorkspaceWithOrigin,
  mcpServerEnv,
  startGitHubServer,
} from '@taskpod/testing';
import { BACKLOG, WORK } from './e2e/backlog';

// undo_task takes back a task driven through the tools, as `taskpod undo --yes` does: the real
// octokit against a loopback GitHub, real git with a bare origin.

test('undo_task after a driven task: asks for confirm, then closes the PR, deletes both branches, status ready; again, nothing to undo', async (t) => {
  const github = await startGitHubServer();
  t.after(() => github.close());
  const { root, origin } = makeNxWorkspaceWithOrigin(t, BACKLOG);
  const env = mcpServerEnv({ GITHUB_TOKEN: 'ghp_mcp_undo_token', GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'acme/shortlink' });
  const { client } = await connect(t, root, env);
  const ok = async (name: string, args: Record<string, unknown>) => {
    const result = await call(client, name, args);
    assert.equal(result.isError, undefined, `${name}: ${result.content[0]?.text}`);
    return result;
  };
  const status = () => /^status: (\S+)$/m.exec(readFileSync(path.join(root, 'task_templates/doc-1/task.yaml'), 'utf8'))![1];
  const localBranch = () => git(root, 'branch', '--list', 'taskpod/DOC-1');
  const remoteBranch = () => git(root, 'ls-remote', '--heads', origin, 'refs/heads/taskpod/DOC-1');

  assert.equal((await ok('next_task', {})).content[0]?.text, 'DOC-1');
  await ok('render_prompt', { id: 'DOC-1' });
  await ok('submit_work', { id: 'DOC-1', ...WORK });
  await ok('make_patch', { id: 'DOC-1' });
  await ok('apply_task', { id: 'DOC-1' });
  await ok('log_task', { id: 'DOC-1' });
  assert.equal(status(), 'done');
  assert.match(localBranch(), /taskpod\/DOC-1/);
  assert.match(remoteBranch(), /refs\/heads\/taskpod\/DOC-1/);
  assert.deepEqual(
    github.pulls.map((p) => [p.number, p.head.ref, p.state]),
    [[1, 'taskpod/DOC-1', 'open']],
  );

  // No confirm: the plan, as a tool error, and nothing changed.
  const writes = github.writes().length;
  const asked = await call(client, 'undo_task', { id: 'DOC-1' });
  assert.equal(asked.isError, true);
  const question = String(asked.content[0]?.text);
  assert.match(
    question,
    /^taskpod: undo_task cannot ask before it changes anything: call it again with `confirm: true` to undo DOC-1\. Nothing was changed\./,
  );
  assert.match(question, /^ {2}- close pull request #1 \(https:\/\/\S+\) with a comment$/m);
  assert.match(question, /^ {2}- delete taskpod\/DOC-1 on origin \(at [0-9a-f]{12}\)$/m);
  assert.equal(github.writes().length, writes);
  assert.match(localBranch(), /taskpod\/DOC-1/);
  assert.equal(status(), 'done');

  const undone = await ok('undo_task', { id: 'DOC-1', confirm: true });
  const result = undone.structuredContent as { tasks: { id: string; nothing: string | null; done: string[] }[]; left_alone: unknown[] };
  assert.deepEqual(
    result.tasks.map((task) => [task.id, task.nothing]),
    [['DOC-1', null]],
  );
  assert.deepEqual(result.tasks[0]!.done.slice(0, 3), [
    'closed pull request #1 with a comment',
    'deleted taskpod/DOC-1 on origin',
    'deleted taskpod/DOC-1 here',
  ]);
  assert.ok(result.tasks[0]!.done.includes('status done -> ready'), result.tasks[0]!.done.join('\n'));
  assert.deepEqual(result.left_alone, [], 'OPS-2 has no work of its own');
  assert.match(String(undone.content[0]?.text), /^DOC-1: closed pull request #1 with a comment$/m);
  assert.equal(localBranch(), '');
  assert.equal(remoteBranch(), '');
  assert.equal(github.pulls[0]!.state, 'closed');
  assert.match(github.pulls[0]!.comments[0]!, /Undone by `taskpod undo DOC-1`/);
  assert.equal(status(), 'ready');
  const shown = (await ok('show_task', { id: 'DOC-1' })).structuredContent as { task: { status: string }; records: { apply: unknown } };
  assert.deepEqual([shown.task.status, shown.records.apply], ['ready', null]);

  // A second undo is a no-op, as the command's: no confirm needed, nothing sent to GitHub.
  const afterUndo = github.writes().length;
  const again = await ok('undo_task', { id: 'DOC-1' });
  assert.match(String(again.content[0]?.text), /^DOC-1 was already undone at \S+; nothing to undo\.$/);
  assert.equal(github.writes().length, afterUndo);
});

test('undo_task of a task that never applied says so and changes nothing; an unknown id is a tool error naming it', async (t) => {
  const { root } = makeNxWorkspaceWithOrigin(t, BACKLOG);
  const { client } = await connect(t, root);
  const before = readFileSync(path.join(root, 'task_templates/ops-2/task.yaml'), 'utf8');
  const never = await call(client, 'undo_task', { id: 'OPS-2', confirm: true });
  assert.equal(never.isError, undefined, String(never.content[0]?.text));
  assert.equal(
    never.content[0]?.text,
    'OPS-2 was never applied: no apply record, no taskpod/OPS-2 branch, no pull request, nothing logged; nothing to undo.',
  );
  assert.deepEqual(never.structuredContent, {
    tasks: [{ id: 'OPS-2', nothing: String(never.content[0]?.text), actions: [], done: [] }],
    left_alone: [],
  });
  assert.equal(readFileSync(path.join(root, 'task_templates/ops-2/task.yaml'), 'utf8'), before);
  const unknown = await call(client, 'undo_task', { id: 'OPS-3', confirm: true });
  assert.equal(unknown.isError, true);
  assert.match(String(unknown.content[0]?.text), /^taskpod: Unknown task id `OPS-3`\. Did you mean `OPS-2`\?/);
});

test('undo_task leaves a dependent with work of its own alone, and with cascade: true undoes it first', async (t) => {
  const { root, origin } = makeNxWorkspaceWithOrigin(t, BACKLOG);
  const { client } = await connect(t, root);
  const drive = async (id: string, work: typeof WORK) => {
    for (const [name, args] of [
      ['render_prompt', { id }],
      ['submit_work', { id, ...work }],
      ['make_patch', { id }],
      ['apply_task', { id }],
      ['log_task', { id }],
    ] as const) {
      const result = await call(client, name, args);
      assert.equal(result.isError, undefined, `${name} ${id}: ${result.content[0]?.text}`);
    }
  };
  await drive('DOC-1', WORK);
  await drive('OPS-2', { summary: 'Deploy it', files: [{ path: 'deploy/service.yaml', content: 'replicas: 1\n' }], handoff: '' });
  const branches = () => git(root, 'ls-remote', '--heads', origin, 'refs/heads/taskpod/*').replace(/^\S+\s+/gm, '');

  const asked = await call(client, 'undo_task', { id: 'DOC-1' });
  assert.match(
    String(asked.content[0]?.text),
    /^OPS-2 depends on DOC-1 and has its own branch taskpod\/OPS-2, apply record, logged patches: left alone \(cascade: true undoes it too\)\.$/m,
  );
  const alone = await call(client, 'undo_task', { id: 'DOC-1', confirm: true });
  assert.deepEqual(
    (alone.structuredContent as { left_alone: { id: string }[] }).left_alone.map((d) => d.id),
    ['OPS-2'],
  );
  assert.equal(branches(), 'refs/heads/taskpod/OPS-2');

  const cascaded = await call(client, 'undo_task', { id: 'DOC-1', cascade: true, confirm: true });
  const tasks = (cascaded.structuredContent as { tasks: { id: string; nothing: string | null }[] }).tasks;
  assert.deepEqual(
    tasks.map((task) => [task.id, task.nothing === null]),
    [
      ['OPS-2', true],
      ['DOC-1', false],
    ],
    'the dependent first; DOC-1 was already undone',
  );
  assert.equal(branches(), '');
  assert.match(readFileSync(path.join(root, 'task_templates/ops-2/task.yaml'), 'utf8'), /^status: ready$/m);
});
