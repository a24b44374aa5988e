#!/usr/bin/env node
// Runs every compiled test (libs/*/dist/**/*.test.js, tools/**/*.test.mjs) with node's test runner.
// Arguments narrow the run to paths containing them: `npm test -- libs/ledger`.
// Tests named *.e2e.test.* start real nx or the whole loop (nx-plugin's e2e, tools/e2e, the demo):
// `--unit` (npm run test:unit) leaves them out, `--e2e` runs only them, neither runs everything.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
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

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };
const started = performance.now();
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...selected], {
  cwd: root,
  env,
  stdio: 'inherit',
});
console.log(`# ${selected.length} ${kind === 'all' ? '' : `${kind} `}test files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(result.status ?? 1);
