#!/usr/bin/env node
// Counts the git processes claims, patch, apply and the claims' release start per task, by subcommand, the way an Nx batch runs
// them: one process, shared batch reads, every push deferred to one publishAll, pull requests to a
// loopback GitHub, a bare origin. No Nx and no model (the run's files are written directly), so it is
// quick and exact where a wall-clock bench on a busy machine is noisy.
// Usage: node tools/bench/git-processes.mjs [--tasks N] [--parallel N] [--verify]
import childProcess from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startGitHubServer } from '../e2e/github-server.mjs';

const { values } = parseArgs({
  options: { tasks: { type: 'string', default: '40' }, parallel: { type: 'string', default: '8' }, verify: { type: 'boolean' } },
});
const count = Number(values.tasks);
const parallel = Number(values.parallel);
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const lib = (name, sub = 'index') => require(path.join(REPO_ROOT, 'libs', name, 'dist', `${sub}.js`));

// Every git process the libs start goes through child_process.spawn, read from the module at call time.
const counts = new Map();
let phase = 'setup';
const realSpawn = childProcess.spawn;
childProcess.spawn = (command, args, ...rest) => {
  if (command === 'git') {
    // The subcommand: the first argument that is neither an option nor the value of `-c`/`--work-tree`.
    const at = args.findIndex((a, i) => !a.startsWith('-') && !['-c', '-C', '--work-tree', '--git-dir'].includes(args[i - 1]));
    const key = `${phase}\0${args[at] ?? '?'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return realSpawn(command, args, ...rest);
};

const { makeTask, buildConfig } = lib('core');
const { createStepContext } = lib('pipeline', 'step-context');
const { patchStep } = lib('pipeline', 'patch-step');
const { applyStep } = lib('pipeline', 'apply-step');
const { publishAll } = lib('pipeline', 'apply-publish');
const { createBatchReads } = lib('pipeline', 'batch-reads');
const { createGitHubClient } = lib('github');
const { claimTask } = lib('pipeline', 'claim-task');
const { releaseClaim } = lib('pipeline', 'release-claim');

const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.test',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.test',
  GITHUB_TOKEN: 'ghs_bench_0123456789',
  GITHUB_REPOSITORY: 'acme/bench',
};
const sh = (cwd, ...args) => childProcess.execFileSync('git', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
const dir = mkdtempSync(path.join(tmpdir(), 'taskpod-git-processes-'));
const github = await startGitHubServer();
try {
  const root = path.join(dir, 'ws');
  mkdirSync(path.join(root, 'notes'), { recursive: true });
  writeFileSync(path.join(root, '.gitignore'), '.patches/\n');
  writeFileSync(path.join(root, 'notes', 'README.md'), '# notes\n');
  sh(dir, 'init', '-q', '--bare', '-b', 'main', 'origin.git');
  sh(root, 'init', '-q', '-b', 'main');
  sh(root, 'add', '-A');
  sh(root, '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'bench');
  sh(root, 'remote', 'add', 'origin', path.join(dir, 'origin.git'));
  sh(root, 'push', '-q', 'origin', 'main');
  const config = buildConfig(values.verify ? { verify: [['git', '--version']] } : {});
  const ctx = createStepContext(root, config, { env });
  const tasks = Array.from({ length: count }, (_, i) => makeTask({ id: `W${i + 1}`, outputs: [`notes/w${i + 1}.md`] }));
  for (const task of tasks) {
    const files = path.join(root, '.patches', task.id, 'files', 'notes');
    mkdirSync(files, { recursive: true });
    writeFileSync(path.join(files, `${task.id.toLowerCase()}.md`), `# ${task.id}\n`);
    const run = { task_id: task.id, provider: 'replay', model: 'm', tokens_in: 1, tokens_out: 1, cost_usd: 0, duration_s: 0 };
    Object.assign(run, {
      prompt_hash: 'h',
      reply_key: 'k',
      from_store: false,
      summary: `Note ${task.id}`,
      started_at: new Date().toISOString(),
    });
    writeFileSync(
      path.join(root, '.patches', task.id, 'run.json'),
      JSON.stringify({ ...run, files: [`notes/${task.id.toLowerCase()}.md`] }),
    );
  }
  const inBatches = async (fn) => {
    const queue = [...tasks];
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        for (let t = queue.shift(); t; t = queue.shift()) await fn(t);
      }),
    );
  };
  const client = createGitHubClient({ token: env.GITHUB_TOKEN, baseUrl: github.url, retries: 0 });
  const timed = async (name, fn) => {
    phase = name;
    const started = performance.now();
    await fn();
    return (performance.now() - started) / 1000;
  };
  const seconds = {};
  // What the run batch does for claims before it pays, all its tasks at once.
  seconds.claim = await timed('claim', () => Promise.all(tasks.map((task) => claimTask(ctx, task.id, `key-${task.id}`))));
  seconds.patch = await timed('patch', async () => {
    const reads = createBatchReads({ cwd: root, env });
    await inBatches((task) => patchStep(ctx, task, { batchReads: reads }));
    await reads.dispose();
  });
  const pending = [];
  seconds.apply = await timed('apply', async () => {
    const reads = createBatchReads({ cwd: root, env });
    await inBatches((task) => applyStep(ctx, task, { batchReads: reads, github: client, deferPublish: (p) => pending.push(p) }));
    await reads.dispose();
  });
  seconds.publish = await timed('publish', async () => {
    const outcomes = await publishAll(pending, parallel);
    const failed = outcomes.filter((o) => 'error' in o);
    if (failed.length) throw failed[0].error;
  });
  // What a log batch does after logging: every claim becomes its delivery record, together.
  seconds.release = await timed('release', async () => {
    const warnings = await Promise.all(tasks.map((task) => releaseClaim(ctx, task.id, { branch: `taskpod/${task.id}` })));
    if (warnings.some(Boolean)) throw new Error(warnings.find(Boolean));
  });
  if (github.pulls.length !== count) throw new Error(`expected ${count} pull requests, got ${github.pulls.length}`);
  console.log(`git processes per task: ${count} tasks, parallel ${parallel}${values.verify ? ', with a verify command' : ''}`);
  for (const name of ['claim', 'patch', 'apply', 'publish', 'release']) {
    const mine = [...counts].filter(([key]) => key.startsWith(`${name}\0`));
    const total = mine.reduce((sum, [, n]) => sum + n, 0);
    const by = mine.map(([key, n]) => `${key.split('\0')[1]} ${(n / count).toFixed(2)}`).join(', ');
    console.log(`  ${name.padEnd(8)} ${(total / count).toFixed(2)} per task (${total} in ${seconds[name].toFixed(2)} s): ${by}`);
  }
} finally {
  await github.close();
  rmSync(dir, { recursive: true, force: true });
}
