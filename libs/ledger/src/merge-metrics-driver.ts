#!/usr/bin/env node
// git's merge driver for metrics/metrics.yaml (`merge.taskpod-metrics.driver`): `<node> <this file>
// %O %A %B`. Writes the merged metrics into %A and exits 0; exits 1 (a conflict, %A left as it was)
// when a side is not a metrics file.
import { readFileSync, writeFileSync } from 'node:fs';
import { mergeMetrics } from './merge-metrics';

const [basePath, oursPath, theirsPath] = process.argv.slice(2);
if (!basePath || !oursPath || !theirsPath) {
  process.stderr.write('usage: merge-metrics-driver %O %A %B\n');
  process.exit(2);
}
const merged = mergeMetrics({
  base: readFileSync(basePath, 'utf8'),
  ours: readFileSync(oursPath, 'utf8'),
  theirs: readFileSync(theirsPath, 'utf8'),
});
if (merged === null) {
  process.stderr.write('taskpod: metrics/metrics.yaml: a side is not a metrics file; run `taskpod log` again to recompute it\n');
  process.exit(1);
}
writeFileSync(oursPath, merged);
