#!/usr/bin/env node
// 100 tasks through Nx against a loopback model that takes 500 ms per answer, at parallel 8.
// The ideal wall time is the model's alone: ceil(tasks / parallel) x latency. Prints, each against
// that ideal, the wall time of the model step (`nx run-many -t run`, started the way `taskpod run`
// starts nx) and of the whole loop in a second workspace (`taskpod run --ready`: run, patch, apply
// with a push to a bare origin, log; with --prs also a pull request to a loopback GitHub), its time
// by step, and the per-task overhead. After the loop every record is checked (nothing may be dropped
// for speed). Pull requests are off by default: octokit's throttling spaces the requests that create
// one 3 s apart across the process (GitHub's secondary rate limits), which would be all the bench measured. Target: the model step at most 1.3x
// (median of three runs, each asking the model anew). Nx's own floor is timed too: the same number of
// tasks through a plugin whose batch executor only waits.
// Usage: node tools/bench/pipeline-bench.mjs [--tasks N] [--parallel N] [--latency MS] [--run-only] [--keep]
//        [--loop-only] [--loops N] [--prs]  (--loop-only: only the whole loop, N times, to measure one change)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { startAnswerServer } from '../demo/answer-server.mjs';
import { NX_BIN, REPO_ROOT, demoEnv, git } from '../demo/create-demo-workspace.mjs';
import { startGitHubServer } from '../e2e/github-server.mjs';

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: '100' },
    parallel: { type: 'string', default: '8' },
    latency: { type: 'string', default: '500' },
    'run-only': { type: 'boolean' },
    'loop-only': { type: 'boolean' },
    loops: { type: 'string', default: '1' },
    prs: { type: 'boolean' },
    keep: { type: 'boolean' },
  },
});
const count = Number(values.tasks);
const parallel = Number(values.parallel);
const latencyMs = Number(values.latency);
const TARGET = 1.3;
const { nxEnvFor } = createRequire(import.meta.url)(path.join(REPO_ROOT, 'libs/cli/dist/index.js'));
const TASKPOD_BIN = path.join(REPO_ROOT, 'libs/cli/bin/taskpod.js');
const TIME_BIN = '/usr/bin/time';
const GIT_PER_TASK = 2;

/** A workspace of `count` independent tasks in one phase, each writing its own file; ids start with `prefix`. */
function createWorkspace(dir, prefix) {
  const workspace = path.join(dir, 'workspace');
  const origin = path.join(dir, 'origin.git');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(
    path.join(workspace, 'nx.json'),
    JSON.stringify({ plugins: [{ plugin: '@taskpod/nx-plugin', options: { provider: 'openai' } }] }),
  );
  writeFileSync(path.join(workspace, 'package.json'), '{ "name": "bench", "private": true }\n');
  writeFileSync(path.join(workspace, '.gitignore'), 'node_modules\n.nx/\n');
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(workspace, 'node_modules'), 'dir');
  mkdirSync(path.join(workspace, 'prompts'));
  writeFileSync(path.join(workspace, 'prompts', 'dev.md'), 'Write the file the task names.\n');
  for (let i = 1; i <= count; i += 1) {
    const id = `${prefix}${i}`;
    const folder = path.join(workspace, 'task_templates', id);
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      path.join(folder, 'task.yaml'),
      `id: ${id}\ndescription: Write note ${i}.\npod: DevPod\nphase: 1\nstatus: ready\nprompt: prompts/dev.md\noutputs:\n  - notes/${id.toLowerCase()}.md\n`,
    );
  }
  git(dir, 'init', '-q', '--bare', '-b', 'main', origin);
  git(workspace, 'init', '-q', '-b', 'main');
  git(workspace, 'config', 'commit.gpgsign', 'false');
  git(workspace, 'add', '-A');
  git(workspace, 'commit', '-q', '-m', 'bench backlog');
  git(workspace, 'remote', 'add', 'origin', origin);
  git(workspace, 'push', '-q', '-u', 'origin', 'main');
  return workspace;
}

/**
 * The floor Nx sets for this run: the same tasks as projects of a plugin whose batch executor only
 * waits `latency` ms per task, NX_PARALLEL at a time. What it costs beyond the ideal is Nx's (starting
 * nx, the graph, hashing, starting the batch process, recording results), whatever the executor does.
 */
function createFloorWorkspace(dir, steps = ['run']) {
  const workspace = path.join(dir, 'workspace');
  const plugin = path.join(dir, 'floor-plugin');
  mkdirSync(path.join(workspace, 'node_modules'), { recursive: true });
  mkdirSync(plugin);
  // The repository's packages, plus the floor plugin, so Nx resolves `taskpod-floor:wait` as a package.
  for (const entry of readdirSync(path.join(REPO_ROOT, 'node_modules')))
    symlinkSync(path.join(REPO_ROOT, 'node_modules', entry), path.join(workspace, 'node_modules', entry));
  symlinkSync(plugin, path.join(workspace, 'node_modules', 'taskpod-floor'), 'dir');
  const files = {
    'package.json': { name: 'taskpod-floor', version: '0.0.0', main: 'index.js', executors: './executors.json' },
    'executors.json': {
      executors: {
        wait: { implementation: './wait.js', batchImplementation: './wait-batch.js', preferBatch: true, schema: './schema.json' },
      },
    },
    'schema.json': { type: 'object', properties: {} },
  };
  for (const [name, json] of Object.entries(files)) writeFileSync(path.join(plugin, name), JSON.stringify(json));
  const wait = `new Promise((resolve) => setTimeout(resolve, options.ms ?? Number(process.env.FLOOR_LATENCY_MS)))`;
  writeFileSync(path.join(plugin, 'wait.js'), `module.exports = async (options) => { await ${wait}; return { success: true }; };\n`);
  writeFileSync(
    path.join(plugin, 'wait-batch.js'),
    `module.exports = async function* (taskGraph, inputs) {
  const ids = Object.keys(taskGraph.tasks);
  const parallel = Number(process.env.NX_PARALLEL || 3);
  const running = new Map();
  while (ids.length > 0 || running.size > 0) {
    while (running.size < parallel && ids.length > 0) { const id = ids.shift(); const options = inputs[id] ?? {}; running.set(id, ${wait}.then(() => id)); }
    const id = await Promise.race(running.values());
    running.delete(id);
    yield { task: id, result: { success: true, terminalOutput: '' } };
  }
};
`,
  );
  writeFileSync(
    path.join(plugin, 'index.js'),
    `const path = require('node:path');
exports.name = 'taskpod-floor';
exports.createNodes = ['task_templates/*/task.yaml', (files) => files.map((file) => {
  const root = path.dirname(file);
  const steps = ${JSON.stringify(steps)};
  const targets = Object.fromEntries(steps.map((step, i) => [step, { executor: 'taskpod-floor:wait', cache: true, inputs: ['{projectRoot}/task.yaml'], outputs: ['{workspaceRoot}/.floor/' + path.basename(root) + '/' + step], options: i === 0 ? {} : { ms: 0 }, ...(i > 0 ? { dependsOn: [steps[i - 1]] } : {}) }]));
  return [file, { projects: { [root]: { name: path.basename(root), root, targets } } }];
})];
`,
  );
  writeFileSync(path.join(workspace, 'nx.json'), JSON.stringify({ plugins: ['taskpod-floor'] }));
  writeFileSync(path.join(workspace, 'package.json'), '{ "name": "floor", "private": true }\n');
  for (let i = 1; i <= count; i += 1) {
    mkdirSync(path.join(workspace, 'task_templates', `F${i}`), { recursive: true });
    writeFileSync(path.join(workspace, 'task_templates', `F${i}`, 'task.yaml'), `id: F${i}\n`);
  }
  git(workspace, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(workspace, '.gitignore'), 'node_modules\n.nx/\n');
  git(workspace, 'add', '-A');
  git(workspace, 'commit', '-q', '-m', 'floor backlog');
  return workspace;
}

/**
 * Wall seconds of `node <bin> ...args` in the workspace; rejects with its stderr when it fails.
 * `marks` (when given) receives the second at which each of Nx's batch headers (`Running N tasks
 * with taskpod:<step>`) appeared, for the breakdown by step.
 */
function timed(bin, workspace, env, args, marks, cpuFile) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // With `cpuFile`, /usr/bin/time writes there the CPU seconds of the whole process tree (user, system).
    const [command, argv] =
      cpuFile && existsSync(TIME_BIN)
        ? [TIME_BIN, ['-f', '%U %S', '-o', cpuFile, process.execPath, bin, ...args]]
        : [process.execPath, [bin, ...args]];
    const child = spawn(command, argv, { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.on('data', (d) => {
      for (const m of String(d).matchAll(/Running \d+ tasks? with taskpod:(\w+)/g))
        marks?.push({ step: m[1], at: (performance.now() - started) / 1000 });
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`${path.basename(bin)} ${args.join(' ')} exited ${code}\n${stderr}`)),
    );
  });
}

/** `start 0.62 s, run 7.10 s, patch 1.90 s, ...`: from nx's start to the first batch, each batch to the next, the last to the end. */
function breakdown(marks, wall) {
  if (marks.length === 0) return 'no batch headers seen';
  const parts = [`nx start and graph ${marks[0].at.toFixed(2)} s`];
  for (const [i, m] of marks.entries()) parts.push(`${m.step} ${((marks[i + 1]?.at ?? wall) - m.at).toFixed(2)} s`);
  return parts.join(', ');
}

/** Median wall milliseconds of one short git process (`git rev-parse HEAD`) on this machine, over 40. */
function gitProcessMs(repo) {
  const times = [];
  for (let i = 0; i < 40; i++) {
    const started = performance.now();
    spawnSync('git', ['rev-parse', 'HEAD'], { cwd: repo });
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[20];
}

/**
 * Everything the loop must have left, for every task: status done, its commit on `taskpod/<id>`
 * (trailers included) pushed to origin, apply.json naming that commit and its pull request, one
 * ledger line, a trace row, a feedback file; one pull request each on the loopback GitHub. Throws
 * naming what is missing: a faster loop that drops a record or a check does not count.
 */
function checkRecords(workspace, origin, prefix, pulls) {
  const problems = [];
  const out = (cwd, ...args) => spawnSync('git', args, { cwd, encoding: 'utf8' }).stdout;
  const local = new Map(
    out(
      workspace,
      'for-each-ref',
      '--format=%(refname:short) %(objectname) %(trailers:key=Task-Id,valueonly,separator=)',
      'refs/heads/taskpod/',
    )
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name, ...rest] = line.split(' ');
        return [name, rest];
      }),
  );
  const remote = new Map(
    out(origin, 'for-each-ref', '--format=%(refname:short) %(objectname)', 'refs/heads/taskpod/')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ')),
  );
  const ledger = readFileSync(path.join(workspace, '.logs/ledger.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .filter((line) => !line.kind || line.kind === 'patch');
  const trace = readFileSync(path.join(workspace, '.logs/trace_log.md'), 'utf8');
  if (!existsSync(path.join(workspace, 'metrics/metrics.yaml'))) problems.push('metrics/metrics.yaml is missing');
  for (let i = 1; i <= count; i += 1) {
    const id = `${prefix}${i}`;
    const branch = `taskpod/${id}`;
    const yaml = readFileSync(path.join(workspace, 'task_templates', id, 'task.yaml'), 'utf8');
    if (!/^status: done$/m.test(yaml)) problems.push(`${id} is not done`);
    const applyFile = path.join(workspace, '.patches', id, 'apply.json');
    const apply = existsSync(applyFile) ? JSON.parse(readFileSync(applyFile, 'utf8')) : null;
    const [commit, trailer] = local.get(branch) ?? [];
    if (!commit) problems.push(`${branch} is missing`);
    else if (trailer !== id) problems.push(`${branch} has no Task-Id: ${id} trailer`);
    if (remote.get(branch) !== commit) problems.push(`origin/${branch} is not ${commit}`);
    if (!apply || apply.commit !== commit || !apply.pushed || (pulls && typeof apply.pr_number !== 'number'))
      problems.push(`${id}'s apply.json does not record its pushed commit${pulls ? ' and pull request' : ''}`);
    if (ledger.filter((e) => e.task_id === id).length !== 1) problems.push(`${id} has not exactly one ledger line`);
    if (!trace.includes(id)) problems.push(`${id} has no trace row`);
    if (!existsSync(path.join(workspace, '.logs/feedback', `${id}.md`))) problems.push(`${id} has no feedback file`);
    if (pulls && pulls.filter((p) => p.head.ref === branch).length !== 1) problems.push(`${id} has not exactly one pull request`);
  }
  if (problems.length > 0) throw new Error(`the loop dropped records:\n  ${problems.slice(0, 20).join('\n  ')}`);
}

const dir = mkdtempSync(path.join(tmpdir(), 'taskpod-pipeline-bench-'));
const server = await startAnswerServer({
  latencyMs,
  answerFor: (id) => ({ summary: `Wrote note ${id}`, files: [{ path: `notes/${id.toLowerCase()}.md`, content: `# ${id}\n` }] }),
});
const github = await startGitHubServer();
try {
  // Each workspace has its own task ids, so every answer is a model call: the reply store starts empty.
  const env = demoEnv({ OPENAI_API_KEY: 'bench-key', OPENAI_BASE_URL: server.url });
  const ideal = Math.ceil(count / parallel) * (latencyMs / 1000);
  const f = (s) => `${s.toFixed(2)} s`;
  const overhead = (wall) => `${((((wall - ideal) * parallel) / count) * 1000).toFixed(0)} ms per task-slot`;
  /** The whole loop in a fresh workspace (ids W<n>_ so each asks the model anew), its records checked. */
  const loopOnce = async (n) => {
    const prefix = `W${n}x`;
    const workspace = createWorkspace(path.join(dir, `loop${n}`), prefix);
    const loopEnv = values.prs
      ? { ...env, GITHUB_TOKEN: 'ghs_bench_0123456789', GITHUB_REPOSITORY: 'acme/bench', GITHUB_API_URL: github.url }
      : env;
    const marks = [];
    const before = github.pulls.length;
    const cpuFile = path.join(dir, `loop${n}`, 'cpu.txt');
    const wall = await timed(TASKPOD_BIN, workspace, loopEnv, ['run', '--ready', '--parallel', String(parallel)], marks, cpuFile);
    const cpu = existsSync(cpuFile) ? readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').map(Number) : null;
    if (values.keep) console.log(`  (kept ${workspace}: ${f(wall)})`);
    checkRecords(workspace, path.join(dir, `loop${n}`, 'origin.git'), prefix, values.prs ? github.pulls.slice(before) : null);
    return { wall, marks, cpu };
  };
  const printLoop = ({ wall, marks, cpu }) => {
    console.log(
      `  whole loop (taskpod run --ready) ${f(wall)}  ratio ${(wall / ideal).toFixed(2)}x  overhead ${overhead(wall)} (patch, apply with a push${values.prs ? ' and a PR' : ''}, log; every record checked)`,
    );
    console.log(`    by step: ${breakdown(marks, wall)}`);
    // CPU time is steadier than wall time on a shared machine: what the loop's processes (nx, batches, git) used.
    if (cpu) console.log(`    CPU of the whole process tree: ${f(cpu[0] + cpu[1])} (user ${f(cpu[0])}, system ${f(cpu[1])})`);
  };
  if (values['loop-only']) {
    console.log(`pipeline bench, whole loop only: ${count} tasks, parallel ${parallel}, model latency ${latencyMs} ms (${REPO_ROOT})`);
    console.log(`  ideal (model time only)         ${f(ideal)}`);
    for (let n = 1; n <= Number(values.loops); n++) printLoop(await loopOnce(n));
    process.exit(0);
  }
  // The model step alone, with nx started as `taskpod run` starts it (NX_PARALLEL reaches the batch),
  // three times, each asking the model anew (TASKPOD_FRESH skips the reply store): the median counts.
  const stepWorkspace = createWorkspace(path.join(dir, 'step'), 'B');
  const stepWalls = [];
  for (let r = 0; r < 3; r++) {
    const stepEnv = nxEnvFor(env, { NX_PARALLEL: String(parallel), ...(r > 0 ? { TASKPOD_FRESH: '1' } : {}) });
    stepWalls.push(
      await timed(NX_BIN, stepWorkspace, stepEnv, ['run-many', '-t', 'run', '--all', `--parallel=${parallel}`, '--skip-nx-cache']),
    );
  }
  const runWall = [...stepWalls].sort((a, b) => a - b)[1];
  // Nx's floor: the same tasks through batches that only wait. Once the model step alone, once the
  // whole loop's four chained batches (only `run` waits); median of three each.
  const floorOf = async (name, steps, target) => {
    const workspace = createFloorWorkspace(path.join(dir, name), steps);
    const walls = [];
    const floorEnv = nxEnvFor(env, { NX_PARALLEL: String(parallel), FLOOR_LATENCY_MS: String(latencyMs) });
    for (let r = 0; r < 3; r++)
      walls.push(
        await timed(NX_BIN, workspace, floorEnv, ['run-many', '-t', target, '--all', `--parallel=${parallel}`, '--skip-nx-cache']),
      );
    return { workspace, walls, wall: [...walls].sort((a, b) => a - b)[1] };
  };
  const { walls: floorWalls, wall: floorWall } = await floorOf('floor', ['run'], 'run');
  // What the git processes the loop cannot do without cost here: two per patch (update-index,
  // diff-index). An apply batch onto the patches' own base commits the trees the patch batch built,
  // and writes its commits and moves its branches with one process each (tools/bench/git-processes.mjs).
  const {
    workspace: loopFloorWorkspace,
    walls: loopFloorWalls,
    wall: loopFloorWall,
  } = await floorOf('loop-floor', ['run', 'patch', 'apply', 'log'], 'log');
  const gitMs = gitProcessMs(loopFloorWorkspace);
  const gitFloor = (GIT_PER_TASK * count * gitMs) / 1000 / Math.min(parallel, availableParallelism());
  const stepCalls = server.calls.length;
  const loops = [];
  if (!values['run-only']) for (let n = 1; n <= Number(values.loops); n++) loops.push(await loopOnce(n));
  console.log(`pipeline bench: ${count} tasks, parallel ${parallel}, model latency ${latencyMs} ms (${REPO_ROOT})`);
  console.log(`  ideal (model time only)         ${f(ideal)}`);
  console.log(
    `  model step (nx run-many -t run) ${f(runWall)}  ratio ${(runWall / ideal).toFixed(2)}x (target <= ${TARGET}x)  overhead ${overhead(runWall)}  (median of ${stepWalls.map(f).join(', ')})`,
  );
  console.log(
    `  Nx floor (batch that only waits) ${f(floorWall)}  ratio ${(floorWall / ideal).toFixed(2)}x  (median of ${floorWalls.map(f).join(', ')}): what Nx itself adds to any executor`,
  );
  for (const loop of loops) printLoop(loop);
  console.log(
    `  Nx floor, whole loop (four chained batches, only run waits) ${f(loopFloorWall)}  ratio ${(loopFloorWall / ideal).toFixed(2)}x  (median of ${loopFloorWalls.map(f).join(', ')})`,
  );
  console.log(
    `  git floor: ${gitMs.toFixed(1)} ms per git process here x ${GIT_PER_TASK} per task (patch) / ${Math.min(parallel, availableParallelism())} cores = ${f(gitFloor)}; whole-loop floor ${f(loopFloorWall + gitFloor)}  ratio ${((loopFloorWall + gitFloor) / ideal).toFixed(2)}x`,
  );
  console.log(`  model calls: ${stepCalls} in the model step (3 runs), ${server.calls.length - stepCalls} in the whole loop`);
  process.exitCode = runWall / ideal <= TARGET ? 0 : 1;
} finally {
  await server.close();
  await github.close();
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
