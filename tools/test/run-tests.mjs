#!/usr/bin/env node
// Runs every compiled test (libs/*/dist/**/*.test.js, tools/**/*.test.mjs) with node's test runner.
// Arguments narrow the run to paths containing them: `npm test -- libs/ledger`.
// Tests named *.e2e.test.* start real nx or the whole loop (nx-plugin's e2e, tools/e2e, the demo):
// `--unit` (npm run test:unit) leaves them out, `--e2e` runs only them, neither runs everything.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const kind = args.includes('--unit') ? 'unit' : args.includes('--e2e') ? 'e2e' : 'all';
const filters = args.filter((a) => a !== '--unit' && a !== '--e2e');
const isE2e = (file) => /\.e2e\.test\.(js|mjs)$/.test(file);

function walk(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.test\.(js|mjs)$/.test(entry.name)) out.push(full);
  }
  return out;
}

const files = [];
for (const lib of readdirSync(path.join(root, 'libs'))) {
  const dist = path.join(root, 'libs', lib, 'dist');
  if (statSync(dist, { throwIfNoEntry: false })?.isDirectory()) walk(dist, files);
}
walk(path.join(root, 'tools'), files);
const selected = files
  .map((f) => path.relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .filter((f) => kind === 'all' || (kind === 'e2e') === isE2e(f))
  .sort();
if (selected.length === 0) {
  console.error(`no ${kind === 'all' ? '' : `${kind} `}test files matched ${filters.join(' ') || '(all)'}`);
  process.exit(1);
}

// A test file that changes what every test in its process sees (the environment, the module cache,
// process properties) runs in its own process; the others share one per core.
const PROCESS_STATE =
  /process\.env(\.[A-Z_]+|\[[^\]]+\]) =|delete process\.env|process\.chdir|require\.cache|Object\.defineProperty\(process|process\.on\(/;

// Tests in one process run one after another, and many wait on git: three shards per core keep both busy.
const SHARDS = Number(process.env.TASKPOD_TEST_SHARDS ?? 6);

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };
const started = performance.now();
const status = kind === 'unit' ? await runSharded(selected) : runEach(selected);
console.log(`# ${selected.length} ${kind === 'all' ? '' : `${kind} `}test files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(status);

/** Every file in its own process, two at a time (node --test). */
function runEach(files) {
  return spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { cwd: root, env, stdio: 'inherit' }).status ?? 1;
}

/** The unit tests in SHARDS shard processes (tools/test/run-shard.mjs), balanced by file size, plus the isolated files. */
async function runSharded(files) {
  const isolated = files.filter((f) => PROCESS_STATE.test(readFileSync(path.join(root, f), 'utf8')));
  const shared = files.filter((f) => !isolated.includes(f));
  const shards = Array.from({ length: SHARDS }, () => []);
  const weight = shards.map(() => 0);
  for (const file of [...shared].sort((a, b) => statSync(path.join(root, b)).size - statSync(path.join(root, a)).size)) {
    const lighter = weight.indexOf(Math.min(...weight));
    shards[lighter].push(file);
    weight[lighter] += statSync(path.join(root, file)).size;
  }
  const shardRuns = shards
    .filter((shard) => shard.length > 0)
    .map((shard) => run(process.execPath, [path.join(root, 'tools/test/run-shard.mjs'), ...shard]));
  // The files that need their own process run beside the shards, not after them.
  if (isolated.length > 0) shardRuns.push(run(process.execPath, ['--test', '--test-concurrency=1', ...isolated]));
  const codes = await Promise.all(shardRuns);
  return codes.every((c) => c === 0) ? 0 : 1;
}

function run(command, argv) {
  return new Promise((resolve) => {
    const child = spawn(command, argv, { cwd: root, env, stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}
