#!/usr/bin/env node
// Times createTaskNodes in-process over a workspace's YAML files, each run in a fresh node (as Nx's
// plugin worker is) with a fresh parse cache (cold, as plugin-bench has): require, then one call
// (the parse cache is not written: createNodes writes it after handing Nx the results).
// Prints the median of R runs and a digest of the results and errors, to check a change alters nothing.
// Usage: node tools/bench/create-nodes-time.mjs <workspace> [--runs 5] [--glob 'task_templates/**/task.yaml']
// (a workspace plugin-bench kept with --keep; --plugin <dir> times another build, e.g. of main)
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const repo = path.resolve(import.meta.dirname, '../..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '5' },
    glob: { type: 'string', default: 'task_templates/**/task.yaml' },
    plugin: { type: 'string', default: path.join(repo, 'libs/nx-plugin') },
  },
});
const dir = path.resolve(positionals[0] ?? '.');

const CHILD = `
const { mkdtempSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { createHash } = require('node:crypto');
const [dir, glob, plugin] = process.argv.slice(1);
const files = [];
(function walk(rel) {
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? rel + '/' + e.name : e.name;
    if (e.isDirectory()) { if (e.name !== 'node_modules' && e.name !== '.nx') walk(p); }
    else if (/\\.ya?ml$/.test(e.name)) files.push(p);
  }
})('');
files.sort();
const cacheDir = mkdtempSync(path.join(tmpdir(), 'taskpod-cn-cache-'));
let t = process.hrtime.bigint();
const { createTaskNodes } = require(plugin);
const requireMs = Number(process.hrtime.bigint() - t) / 1e6;
t = process.hrtime.bigint();
let out;
try {
  out = { results: createTaskNodes(files, { tasksGlob: glob }, dir, cacheDir, () => {}) };
} catch (e) {
  out = { results: e.partialResults, errors: (e.errors ?? [[null, e]]).map(([f, err]) => [f, String(err.message)]) };
}
const callMs = Number(process.hrtime.bigint() - t) / 1e6;
rmSync(cacheDir, { recursive: true, force: true });
const digest = createHash('sha256').update(JSON.stringify(out)).digest('hex').slice(0, 16);
console.log(JSON.stringify({ requireMs, callMs, digest }));
`;

const runs = Array.from({ length: Number(values.runs) }, () => {
  const r = spawnSync(process.execPath, ['-e', CHILD, dir, values.glob, path.resolve(values.plugin)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const digests = [...new Set(runs.map((r) => r.digest))];
console.log(
  `createTaskNodes: ${median(runs.map((r) => r.callMs)).toFixed(0)} ms (${runs.map((r) => r.callMs.toFixed(0)).join(', ')}), require ${median(runs.map((r) => r.requireMs)).toFixed(0)} ms, results ${digests.join(' ')}`,
);
