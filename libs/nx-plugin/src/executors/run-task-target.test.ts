import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { ExecutorContext } from '@nx/devkit';
import { ProviderError } from '@taskpod/core';
import { makeLogInputs, makeTempDir, writeFiles, writeLogInputs } from '@taskpod/testing';
import logExecutor from './log';
import { runTaskTarget, type TargetIo } from './run-task-target';

/** The ExecutorContext Nx passes for the `run` target of `project` (rooted at `root`) in workspace `dir`. */
function contextFor(dir: string, project: string, root: string, extra: Partial<ExecutorContext> = {}): ExecutorContext {
  return {
    root: dir,
    cwd: dir,
    isVerbose: false,
    projectName: project,
    targetName: 'run',
    projectsConfigurations: { version: 2, projects: { [project]: { root } } },
    ...extra,
  } as unknown as ExecutorContext;
}

/** A workspace holding one task file, and the ExecutorContext Nx would pass for its project. */
function setup(t: { after: (fn: () => void) => void }, yaml: string) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(dir, { 'task_templates/t1/task.yaml': yaml });
  const context = contextFor(dir, 'T1', 'task_templates/t1');
  const lines = { out: [] as string[], err: [] as string[] };
  const io: TargetIo = { out: (l) => lines.out.push(l), err: (l) => lines.err.push(l), env: { OPENAI_API_KEY: 'sk-secret-value' } };
  return { context, lines, io };
}

test('a step error becomes one redacted message and a failed target', async (t) => {
  const { context, lines, io } = setup(t, 'id: T1\ndescription: x\nstatus: ready\n');
  const result = await runTaskTarget(
    'run',
    {},
    context,
    async () => {
      throw new ProviderError('the server said: bad key sk-secret-value', 'openai', 401);
    },
    io,
  );
  assert.deepEqual(result, { success: false });
  assert.deepEqual(lines.err, ['the server said: bad key ***']);
});

test('a done task is a no-op that never reaches the step, unless forced', async (t) => {
  const { context, lines, io } = setup(t, 'id: T1\ndescription: x\nstatus: done\n');
  let calls = 0;
  const call = async () => {
    calls++;
    return 'ran';
  };
  assert.deepEqual(await runTaskTarget('patch', {}, context, call, io), { success: true });
  assert.equal(calls, 0);
  assert.match(lines.out[0]!, /T1 is done: `patch` has nothing to do/);
  assert.deepEqual(await runTaskTarget('patch', { force: true }, context, call, io), { success: true });
  assert.equal(calls, 1);
});

test('a task that is not ready fails with a message saying so; the status is read at execution time', async (t) => {
  const { context, lines, io } = setup(t, 'id: T1\ndescription: x\nstatus: review\n');
  const result = await runTaskTarget('apply', {}, context, async () => 'ran', io);
  assert.deepEqual(result, { success: false });
  assert.match(lines.err.join('\n'), /Task T1 is not ready: its status is `review`/);
});

test('a task file that went bad since the graph was built fails with file and line', async (t) => {
  const { context, lines, io } = setup(t, 'id: T1\ndescription: x\nstatus: [\n');
  assert.deepEqual(await runTaskTarget('log', {}, context, async () => 'ran', io), { success: false });
  assert.match(lines.err.join('\n'), /task_templates\/t1\/task\.yaml:\d+: malformed YAML/);
});

test('log --force records a done task whose patch was never logged', async (t) => {
  const { context, lines, io } = setup(t, 'id: T1\ndescription: x\nstatus: done\n');
  writeLogInputs(context.root, makeLogInputs('T1'));
  assert.deepEqual(await logExecutor({}, context, io), { success: true });
  assert.equal(existsSync(path.join(context.root, '.logs/trace_log.md')), false, 'a done task is not logged without --force');
  assert.deepEqual(await logExecutor({ force: true }, context, io), { success: true }, lines.err.join('\n'));
  assert.match(readFileSync(path.join(context.root, '.logs/trace_log.md'), 'utf8'), /\| T1 \|/);
  assert.match(lines.out.at(-1)!, /T1: logged/);
});

test('the task file is the one the tasksGlob option names, not only task.yaml', async (t) => {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(dir, {
    'nx.json': JSON.stringify({ plugins: [{ plugin: '@taskpod/nx-plugin', options: { tasksGlob: 'backlog/*.yml' } }] }),
    'backlog/b.yml': 'id: B\ndescription: x\nstatus: ready\n',
    'backlog/notes.md': 'not a task\n',
  });
  const context = contextFor(dir, 'B', 'backlog');
  const lines: string[] = [];
  const io: TargetIo = { out: (l) => lines.push(l), err: (l) => lines.push(l), env: {} };
  const result = await runTaskTarget('run', {}, context, async ({ task }) => `read ${task.source.file}`, io);
  assert.deepEqual(result, { success: true }, lines.join('\n'));
  assert.deepEqual(lines, ['read backlog/b.yml']);
});

test('the config is the nx.json Nx read for the graph (context.nxJsonConfiguration), not read again', async (t) => {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(dir, { 'backlog/b.yml': 'id: B\ndescription: x\nstatus: ready\n' });
  const nxJsonConfiguration = { plugins: [{ plugin: '@taskpod/nx-plugin', options: { tasksGlob: 'backlog/*.yml' } }] };
  const context = contextFor(dir, 'B', 'backlog', { nxJsonConfiguration } as Partial<ExecutorContext>);
  const lines: string[] = [];
  const io: TargetIo = { out: (l) => lines.push(l), err: (l) => lines.push(l), env: {} };
  const result = await runTaskTarget('run', {}, context, async ({ task, ctx }) => `read ${task.source.file} (${ctx.config.tasksGlob})`, io);
  assert.deepEqual(result, { success: true }, lines.join('\n'));
  assert.deepEqual(lines, ['read backlog/b.yml (backlog/*.yml)']);
});

test('a wrong option value fails the target, naming the option, before the task is read', async (t) => {
  const { context, lines, io } = setup(t, 'id: T1\ndescription: x\nstatus: [\n');
  assert.deepEqual(await runTaskTarget('apply', { into: 'elsewhere' }, context, async () => 'ran', io), { success: false });
  assert.deepEqual(await runTaskTarget('patch', { force: 'yes' }, context, async () => 'ran', io), { success: false });
  assert.deepEqual(lines.err, [
    'The `into` option takes `current`.\n  expected: current\n  received: elsewhere',
    'Expected the `force` option to be a boolean, got `yes` (string).\n  expected: true or false\n  received: yes',
  ]);
});
