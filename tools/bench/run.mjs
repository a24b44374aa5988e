#!/usr/bin/env node
// `npm run bench`: every benchmark in turn; each prints its own figures and ratio to its baseline.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const benches = ['next-bench.mjs', 'plugin-bench.mjs', 'patch-apply-bench.mjs', 'pipeline-bench.mjs'];
let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench} ===`);
  const result = spawnSync(process.execPath, [path.join(import.meta.dirname, bench)], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
console.log(`\n${benches.length - failed} of ${benches.length} benchmarks within target`);
process.exit(failed === 0 ? 0 : 1);
