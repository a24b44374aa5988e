import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { makeTempDir, writeFiles } from '@taskpod/testing';
import { applyParallelism } from './apply-batch';
import runBatchExecutor from './run-batch';
import { batchParallelism, runTargetBatch, type BatchTaskResult } from './run-target-batch';

function graphOf(deps: Record<string, string[]>): TaskGraph {
  const tasks = Object.fromEntries(
    Object.keys(deps).map((id) => [
      id,
      { id, target: { project: id.split(':')[0], target: 'run' }, overrides: {}, outputs: [], parallelism: true },
    ]),
  );
  return { roots: [], tasks, dependencies: deps, continuousDependencies: {} } as unknown as TaskGraph;
}

const context = {
  root: '/nowhere',
  cwd: '/nowhere',
  isVerbose: false,
  projectsConfigurations: { version: 2, projects: {} },
} as unknown as ExecutorContext;

async function collect(results: AsyncGenerator<BatchTaskResult>): Promise<BatchTaskResult[]> {
  const all: BatchTaskResult[] = [];
  for await (const r of results) all.push(r);
  return all;
}

test('a batch runs every task at most `parallel` at a time, each with its own project and output', async () => {
  let running = 0;
  let most = 0;
  const executor = async (options: { n: number }, ctx: ExecutorContext, io: { out: (l: string) => void }) => {
    running += 1;
    most = Math.max(most, running);
    await new Promise((resolve) => setImmediate(resolve));
    running -= 1;
    io.out(`${ctx.projectName} got ${options.n}`);
    return { success: true };
  };
  const ids = ['A:run', 'B:run', 'C:run', 'D:run', 'E:run'];
  const inputs = Object.fromEntries(ids.map((id, n) => [id, { n }]));
  const results = await collect(runTargetBatch(graphOf(Object.fromEntries(ids.map((id) => [id, []]))), inputs, context, executor, 2));
  assert.equal(most, 2);
  assert.deepEqual(results.map((r) => r.task).sort(), ids);
  assert.deepEqual(results.find((r) => r.task === 'C:run')?.result, { success: true, terminalOutput: 'C got 2\n' });
});

test('a task waits for its dependencies in the batch, and fails without running when one fails', async () => {
  const started: string[] = [];
  const executor = async (_options: object, ctx: ExecutorContext) => {
    started.push(ctx.projectName as string);
    return { success: ctx.projectName !== 'B' };
  };
  // C waits for A; D waits for B, which fails; E waits for D; F depends on a task outside the batch (done).
  const graph = graphOf({ 'E:run': ['D:run'], 'D:run': ['B:run'], 'C:run': ['A:run'], 'A:run': [], 'B:run': [], 'F:run': ['Z:log'] });
  const results = await collect(runTargetBatch(graph, {}, context, executor, 8));
  const byTask = Object.fromEntries(results.map((r) => [r.task, r.result]));
  assert.ok(started.indexOf('C') > started.indexOf('A'));
  assert.deepEqual(started.sort(), ['A', 'B', 'C', 'F']);
  assert.equal(byTask['D:run'].success, false);
  assert.match(byTask['D:run'].terminalOutput, /D:run did not run: B:run failed/);
  assert.match(byTask['E:run'].terminalOutput, /E:run did not run: D:run failed/);
  assert.equal(results.length, 6);
});

test('batch parallelism is NX_PARALLEL, then nx.json parallel, then 3', () => {
  const withNxJson = { ...context, nxJsonConfiguration: { parallel: 5 } } as ExecutorContext;
  assert.equal(batchParallelism({ NX_PARALLEL: '8' }, withNxJson), 8);
  assert.equal(batchParallelism({}, withNxJson), 5);
  assert.equal(batchParallelism({ NX_PARALLEL: 'many' }, context), 3);
});

test('the run batch executor reports each task through the run executor (a not-ready task fails, named)', async (t) => {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(dir, {
    'task_templates/t1/task.yaml': 'id: T1\ndescription: One.\npod: DevPod\nstatus: blocked\noutputs:\n  - notes/t1.md\n',
    'task_templates/t2/task.yaml': 'id: T2\ndescription: Two.\npod: DevPod\nstatus: done\noutputs:\n  - notes/t2.md\n',
  });
  const projects = { T1: { root: 'task_templates/t1' }, T2: { root: 'task_templates/t2' } };
  const ctx = { ...context, root: dir, cwd: dir, projectsConfigurations: { version: 2, projects } } as unknown as ExecutorContext;
  const results = await collect(runBatchExecutor(graphOf({ 'T1:run': [], 'T2:run': [] }), { 'T1:run': {}, 'T2:run': {} }, {}, ctx));
  const byTask = Object.fromEntries(results.map((r) => [r.task, r.result]));
  assert.equal(byTask['T1:run'].success, false);
  assert.match(byTask['T1:run'].terminalOutput, /Task T1 is not ready: its status is `blocked`/);
  assert.deepEqual(byTask['T2:run'], {
    success: true,
    terminalOutput: 'T2 is done: `run` has nothing to do (pass --force to run it again).\n',
  });
});

test('an apply batch runs `--into current` applies one at a time, others NX_PARALLEL at a time', () => {
  assert.equal(applyParallelism({ 'A:apply': {}, 'B:apply': { into: 'worktree' } }, { NX_PARALLEL: '6' }, context), 6);
  assert.equal(applyParallelism({ 'A:apply': {}, 'B:apply': { into: 'current' } }, { NX_PARALLEL: '6' }, context), 1);
});
