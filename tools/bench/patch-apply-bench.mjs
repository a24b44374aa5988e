#!/usr/bin/env node
// Benchmark: taskpod's patch and apply steps against the plain git commands doing the same job, on
// 1,000 changed files, in one run (median of 3 each after one warm-up round, interleaved).
// Target: each ratio <= 1.3x.
//   patch: patchStep (isolated index from .patches/<id>/files, diff + sidecar written)
//          vs `git add` of the changed files + `git diff --cached --binary --full-index` to a file
//   apply: applyStep (throwaway index, git apply --3way, commit, branch; no push/PR)
//          vs `git apply --index` + `git commit` in the checkout
// Build first (`npm run build`); run with `node tools/bench/patch-apply-bench.mjs [files]`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../..');
const { buildConfig, makeTask } = require(path.join(root, 'libs/core/dist/index.js'));
const { createStepContext, patchStep, applyStep } = require(path.join(root, 'libs/pipeline/dist/index.js'));

const FILES = Number(process.argv[2] ?? 1000);
const RUNS = 3;
const env = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'b@example.test',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'b@example.test',
};
const git = (cwd, ...args) =>
  execFileSync('git', args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] }).trim();

const tmp = mkdtempSync(path.join(tmpdir(), 'taskpod-bench-'));
const ws = path.join(tmp, 'ws');
const paths = Array.from({ length: FILES }, (_, i) => `src/m${String(i % 20).padStart(2, '0')}/file${i}.ts`);
const body = (i, tag) =>
  `${Array.from({ length: 40 }, (_, l) => (l === 7 ? `export const v${i} = '${tag}';` : `// line ${l} of file ${i}`)).join('\n')}\n`;
const writeAll = (dir, tag) =>
  paths.forEach((p, i) => {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), body(i, tag));
  });

// The workspace: every file committed once, then a run that changes line 7 of each.
mkdirSync(ws);
git(ws, 'init', '-q', '-b', 'main');
for (const [k, v] of [
  ['user.name', 'Bench'],
  ['user.email', 'b@example.test'],
  ['commit.gpgsign', 'false'],
  ['gc.auto', '0'],
])
  git(ws, 'config', k, v);
writeFileSync(path.join(ws, '.gitignore'), '.patches/\nplain/\n');
writeAll(ws, 'old');
git(ws, 'add', '-A');
git(ws, 'commit', '-q', '-m', 'base');
const base = git(ws, 'rev-parse', 'HEAD');
writeAll(path.join(ws, '.patches/B/files'), 'new');
writeFileSync(
  path.join(ws, '.patches/B/run.json'),
  JSON.stringify({
    task_id: 'B',
    provider: 'replay',
    model: 'm',
    tokens_in: 0,
    tokens_out: 0,
    cost_usd: 0,
    duration_s: 0,
    prompt_hash: 'p',
    reply_key: 'r',
    from_store: true,
    summary: 'bench',
    files: paths,
    started_at: new Date().toISOString(),
  }),
);

// A second checkout for the plain-git side, so neither side sees the other's index.
const plain = path.join(tmp, 'plain');
git(tmp, 'clone', '-q', ws, plain);
for (const [k, v] of [
  ['user.name', 'Bench'],
  ['user.email', 'b@example.test'],
  ['commit.gpgsign', 'false'],
  ['gc.auto', '0'],
])
  git(plain, 'config', k, v);

const task = makeTask({ id: 'B', outputs: ['src/**'] });
let tick = 0;
const ctx = createStepContext(ws, buildConfig({}), { now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)) });
const time = async (fn) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const patchOurs = [],
  patchPlain = [],
  applyOurs = [],
  applyPlain = [];
let patchFile;
// Round 0 warms up (module loading, JIT, page cache) and is not counted.
for (let run = -1; run < RUNS; run++) {
  // patch
  const keep = (list, ms) => run >= 0 && list.push(ms);
  keep(
    patchOurs,
    await time(async () => {
      patchFile = path.join(ws, '.patches', (await patchStep(ctx, task)).patch_file);
    }),
  );
  git(plain, 'reset', '-q', '--hard', base);
  writeAll(plain, 'new');
  keep(
    patchPlain,
    await time(async () => {
      execFileSync('git', ['add', '--', 'src'], { cwd: plain, env });
      writeFileSync(
        path.join(tmp, 'plain.diff'),
        execFileSync('git', ['diff', '--cached', '--binary', '--full-index'], { cwd: plain, env, maxBuffer: 1 << 30 }),
      );
    }),
  );
  // apply
  try {
    git(ws, 'branch', '-q', '-D', 'taskpod/B');
  } catch {} // left by the previous round
  try {
    unlinkSync(path.join(ws, '.patches/B/apply.json'));
  } catch {}
  keep(applyOurs, await time(() => applyStep(ctx, task, { push: false, pr: false })));
  git(plain, 'reset', '-q', '--hard', base);
  keep(
    applyPlain,
    await time(async () => {
      execFileSync('git', ['apply', '--index', patchFile], { cwd: plain, env });
      execFileSync('git', ['commit', '-q', '--no-verify', '-m', 'B: bench'], { cwd: plain, env });
    }),
  );
}
rmSync(tmp, { recursive: true, force: true });

const row = (name, ours, theirs) => {
  const [o, p] = [median(ours), median(theirs)];
  const ratio = o / p;
  const runs = (xs) => xs.map((x) => x.toFixed(0)).join(', ');
  console.log(
    `${name.padEnd(6)} taskpod ${o.toFixed(0).padStart(6)} ms   plain git ${p.toFixed(0).padStart(6)} ms   ratio ${ratio.toFixed(2)}x ${ratio <= 1.3 ? '(<= 1.3x target)' : '(ABOVE the 1.3x target)'}`,
  );
  console.log(`       runs: taskpod ${runs(ours)}; plain git ${runs(theirs)}`);
  return ratio;
};
console.log(`patch/apply benchmark: ${FILES} changed files, median of ${RUNS}`);
const ratios = [row('patch', patchOurs, patchPlain), row('apply', applyOurs, applyPlain)];
process.exitCode = ratios.every((r) => r <= 1.3) ? 0 : 1;
