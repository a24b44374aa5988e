#!/usr/bin/env node
// Times `taskpod next` on 10,000 generated tasks against a script that only reads and parses the
// same files with `yaml`, both spawned in the same run, median of 3. Target: at most 1.3x.
// Usage: node tools/bench/next-bench.mjs [--tasks N] [--runs N] [--keep]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const repo = path.resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: { tasks: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' }, keep: { type: 'boolean' } },
});
const count = Number(values.tasks);
const runs = Number(values.runs);
const TARGET = 1.3;

/** A realistic task: both shapes, phases 1-5 and cross-phase, pods, dependencies, distinct outputs. */
function taskYaml(i) {
  const id = `T${i}`;
  const phase = i % 50 === 0 ? 'Cross-Phase' : `Phase ${1 + (i % 5)} - Work`;
  const status = i % 3 === 0 ? 'done' : 'ready';
  const deps = i > 10 && i % 7 === 0 ? `\n  - T${i - 5}\n  - T${i - 10}` : ' []';
  const fields = `description: Implement part ${i} of the feature and document it.
pod: ${i % 2 ? 'DevPod' : 'QAPod'}
phase: ${phase}
status: ${status}
priority: ${['critical', 'high', 'medium', 'low'][i % 4]}
created_at: 2025-01-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z
prompt: prompts/dev.md
inputs:
  - docs/spec-${i % 100}.md
outputs:
  - src/part-${i}/<feature_id>.ts
  - docs/part-${i}.md
depends_on:${deps}
`;
  if (i % 4 === 0) return `template: true\ntasks:\n  ${id}:\n${fields.replace(/^/gm, '    ').trimEnd()}\n    ready: true\n`;
  return `id: ${id}\n${fields}`;
}

function generate() {
  const dir = mkdtempSync(path.join(tmpdir(), 'taskpod-bench-'));
  writeFileSync(
    path.join(dir, 'nx.json'),
    JSON.stringify({ plugins: [{ plugin: '@taskpod/nx-plugin', options: { tasksGlob: 'task_templates/**/task.yaml' } }] }),
  );
  for (let i = 1; i <= count; i++) {
    const folder = path.join(dir, 'task_templates', `group-${i % 20}`, `T${i}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'task.yaml'), taskYaml(i));
  }
  return dir;
}

// The baseline: list the same files, read them and parse them with yaml; nothing else.
const BASELINE = `
const { readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
let n = 0;
const walk = (dir) => { for (const e of readdirSync(dir, { withFileTypes: true })) {
  const full = path.join(dir, e.name);
  if (e.isDirectory()) walk(full); else if (e.name === 'task.yaml') { YAML.parse(readFileSync(full, 'utf8')); n++; } } };
walk(path.join(process.argv[1], 'task_templates'));
process.stdout.write(n + '\\n');
`;

// Preloaded into both children: their CPU time (user + system) on stderr at exit. Wall time is the
// target; CPU time says how much of a gap is the machine being busy with other work.
const CPU_PRELOAD = `process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\ncpu-ms ' + (u.user + u.system) / 1000 + '\\n'); });`;

function time(label, args, cwd, preload) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', preload, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${label} exited ${result.status}: ${result.stderr}`);
  const cpu = Number(/cpu-ms ([\d.]+)/.exec(result.stderr)?.[1] ?? NaN);
  return { ms, cpu, out: result.stdout.trim() };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = generate();
try {
  const cli = path.join(repo, 'libs/cli/bin/taskpod.js');
  const preload = path.join(dir, 'cpu-preload.cjs');
  writeFileSync(preload, CPU_PRELOAD);
  const base = [];
  const next = [];
  const baseCpu = [];
  const nextCpu = [];
  let answer = '';
  for (let r = 0; r < runs; r++) {
    const b = time('baseline', ['-e', BASELINE, dir], repo, preload);
    if (Number(b.out) !== count) throw new Error(`baseline parsed ${b.out} files, expected ${count}`);
    base.push(b.ms);
    baseCpu.push(b.cpu);
    const n = time('taskpod next', [cli, 'next'], dir, preload);
    answer = n.out;
    next.push(n.ms);
    nextCpu.push(n.cpu);
  }
  const ratio = median(next) / median(base);
  const cpuRatio = median(nextCpu) / median(baseCpu);
  console.log(`tasks:         ${count} files (${dir})`);
  console.log(`yaml baseline: ${median(base).toFixed(0)} ms  (runs: ${base.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`taskpod next:  ${median(next).toFixed(0)} ms  (runs: ${next.map((x) => x.toFixed(0)).join(', ')}) -> ${answer || '(none)'}`);
  console.log(`ratio:         ${ratio.toFixed(2)}x  (target <= ${TARGET}x) ${ratio <= TARGET ? 'PASS' : 'FAIL'}`);
  console.log(
    `cpu time:      ${median(baseCpu).toFixed(0)} ms vs ${median(nextCpu).toFixed(0)} ms, ${cpuRatio.toFixed(2)}x (user + system, median)`,
  );
  process.exitCode = ratio <= TARGET ? 0 : 1;
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
