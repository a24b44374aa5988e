import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  callTool as call,
  connectMcpClient as connect,
  git,
  makeNxWorkspaceWithOrigin,
  makeTempDir,
  mcpServerEnv as serverEnv,
  taskpod,
} from '@taskpod/testing';
import { BACKLOG, WORK } from './e2e/backlog';

// A whole task driven through the tools by the SDK's own client, against `taskpod mcp` spawned from
// the built bin, compared with the same backlog taken through `taskpod run` (real nx, git, origin).

const read = (root: string, rel: string) => readFileSync(path.join(root, rel), 'utf8');
const traceRow = (root: string) =>
  read(root, '.logs/trace_log.md')
    .split('\n')
    .filter((l) => /^\| \d{4}-/.test(l));
const cells = (row: string) => row.split(' | ');
const without = <T extends Record<string, unknown>>(record: T, keys: string[]) =>
  Object.fromEntries(Object.entries(record).filter(([k]) => !keys.includes(k)));
const countersOf = (root: string) =>
  read(root, 'metrics/metrics.yaml')
    .split('\n')
    .filter((l) => /(tasks_done|patches|files_changed|insertions|deletions|prs_opened):/.test(l));

/** `taskpod run DOC-1` with a shell agent that replies WORK: the records the tools must match. */
function runThroughCli(t: { after: (fn: () => void) => void }) {
  const { dir, cleanup } = makeTempDir('taskpod-mcp-agent-');
  t.after(cleanup);
  const agent = path.join(dir, 'agent.js');
  writeFileSync(
    agent,
    `process.stdin.resume();\nprocess.stdin.on('end', () => process.stdout.write(${JSON.stringify(JSON.stringify(WORK))}));\n`,
  );
  const backlog = makeNxWorkspaceWithOrigin(t, BACKLOG, { provider: 'shell', shell: { command: [process.execPath, agent] } });
  const ran = taskpod(backlog.root, ['run', 'DOC-1'], serverEnv());
  assert.equal(ran.code, 0, ran.stdout + ran.stderr);
  return backlog;
}

test('an MCP client takes a task from next_task to log_task and leaves the records taskpod run leaves, with provider mcp', async (t) => {
  const viaRun = runThroughCli(t);
  const viaMcp = makeNxWorkspaceWithOrigin(t, BACKLOG);
  const { client } = await connect(t, viaMcp.root);

  const next = await call(client, 'next_task', {});
  assert.equal((next.structuredContent as { task: { id: string } }).task.id, 'DOC-1');
  assert.equal(next.content[0]?.text, 'DOC-1');

  // The exact request run would send: what `taskpod prompt --json` prints.
  const rendered = (await call(client, 'render_prompt', { id: 'DOC-1' })).structuredContent as Record<string, unknown>;
  const printed = JSON.parse(taskpod(viaMcp.root, ['prompt', 'DOC-1', '--json'], serverEnv()).stdout);
  assert.deepEqual(without(rendered, ['warnings']), printed);
  assert.match(String(rendered.user), /docs\/\*\.md/);

  const submitted = await call(client, 'submit_work', { id: 'DOC-1', ...WORK });
  assert.equal(submitted.isError, undefined, submitted.content[0]?.text);
  assert.match(String(submitted.content[0]?.text), /^DOC-1: wrote 1 file under \.patches\/DOC-1\/files\/ \(docs\/spec\.md\)/);
  const run = JSON.parse(read(viaMcp.root, '.patches/DOC-1/run.json'));
  assert.deepEqual(
    [run.provider, run.model, run.client, run.reply_key, run.prompt_hash],
    ['mcp', 'taskpod-e2e-client', { name: 'taskpod-e2e-client', version: '9.9.9' }, printed.reply_key, printed.prompt_hash],
  );
  assert.equal(read(viaMcp.root, '.patches/DOC-1/files/docs/spec.md'), read(viaRun.root, '.patches/DOC-1/files/docs/spec.md'));

  const patched = await call(client, 'make_patch', { id: 'DOC-1' });
  assert.match(String(patched.content[0]?.text), /^\.patches\/patch_\d{8}_\d{6}_DOC-1\.diff$/);
  const applied = await call(client, 'apply_task', { id: 'DOC-1' });
  assert.match(String(applied.content[0]?.text), /^DOC-1: taskpod\/DOC-1 [0-9a-f]{12}, 3way, pushed$/);
  const logged = await call(client, 'log_task', { id: 'DOC-1' });
  assert.equal((logged.structuredContent as { appended: boolean }).appended, true);

  // The same records as taskpod run: patch, sidecar, apply record, branch on origin, trace row, metrics, status.
  const { client: runClient } = await connect(t, viaRun.root);
  const shown = async (c: typeof client) =>
    (await call(c, 'show_task', { id: 'DOC-1' })).structuredContent as {
      task: { status: string };
      records: Record<string, Record<string, unknown>>;
    };
  const [mine, theirs] = [await shown(client), await shown(runClient)];
  assert.equal(mine.task.status, 'done');
  assert.equal(theirs.task.status, 'done');
  const sidecarKeys = ['timestamp', 'base_commit', 'patch_file', 'model'];
  assert.deepEqual(without(mine.records.patch!, sidecarKeys), without(theirs.records.patch!, sidecarKeys));
  assert.equal(mine.records.patch!.model, 'taskpod-e2e-client');
  assert.equal(
    read(viaMcp.root, `.patches/${mine.records.patch!.patch_file}`),
    read(viaRun.root, `.patches/${theirs.records.patch!.patch_file}`),
  );
  const applyKeys = ['patch_file', 'commit', 'applied_at'];
  assert.deepEqual(without(mine.records.apply!, applyKeys), without(theirs.records.apply!, applyKeys));
  assert.equal(mine.records.apply!.branch, 'taskpod/DOC-1');
  assert.equal(mine.records.apply!.pushed, true);

  for (const { origin } of [viaMcp, viaRun]) assert.match(git(origin, 'branch', '--list', 'taskpod/DOC-1'), /taskpod\/DOC-1/);
  assert.equal(git(viaMcp.origin, 'show', 'taskpod/DOC-1:docs/spec.md'), git(viaRun.origin, 'show', 'taskpod/DOC-1:docs/spec.md'));
  const message = (origin: string) => git(origin, 'log', '-1', '--format=%B', 'taskpod/DOC-1').replace(/^Patch: .*$/m, 'Patch: *');
  assert.equal(message(viaMcp.origin), message(viaRun.origin));
  assert.match(message(viaMcp.origin), /^DOC-1: Write the shortlink spec\n[\s\S]*Task-Id: DOC-1\nPod: DocPod\n/);

  const [row, runRow] = [traceRow(viaMcp.root), traceRow(viaRun.root)];
  assert.equal(row.length, 1);
  assert.deepEqual(cells(row[0]!).slice(1, -1), cells(runRow[0]!).slice(1, -1));
  assert.deepEqual(countersOf(viaMcp.root), countersOf(viaRun.root));
  assert.match(countersOf(viaMcp.root).join('\n'), /tasks_done: 1/);
  const taskFile = (root: string) => read(root, 'task_templates/doc-1/task.yaml').replace(/^updated_at: .*$/m, 'updated_at: *');
  assert.equal(taskFile(viaMcp.root), taskFile(viaRun.root));
  assert.match(taskFile(viaMcp.root), /^status: done$/m);
  assert.ok(existsSync(path.join(viaMcp.root, '.logs/feedback/DOC-1.md')));
  assert.ok(existsSync(path.join(viaMcp.root, '.logs/handoff/DOC-1.md')), 'the handoff is kept as for a model reply');

  // The user's checkout is untouched but for the records and the status.
  assert.equal(git(viaMcp.root, 'rev-parse', '--abbrev-ref', 'HEAD'), 'main');
  assert.equal(existsSync(path.join(viaMcp.root, 'docs/spec.md')), false);
  // DOC-1 done lets its dependant through.
  assert.equal((await call(client, 'next_task', {})).content[0]?.text, 'OPS-2');
});
