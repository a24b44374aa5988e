import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { LEDGER_FILE, METRICS_FILE, TRACE_LOG } from '@taskpod/core';
import { makeLogInputs, makeTempDir, writeFiles } from '@taskpod/testing';
import { buildMetrics, formatMetrics } from './build-metrics';
import { logPatch } from './log-patch';
import { parseLedger } from './read-ledger';
import { recomputeRecords } from './recompute-records';

const task = { id: 'T1', pod: 'DevPod', phase: 1, source: { file: 'task_templates/t1/task.yaml', shape: 'flat' as const } };

test('metrics.yaml holding a merge conflict is rewritten from the ledger; a second call writes nothing', async (t) => {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(dir, { 'task_templates/t1/task.yaml': 'id: T1\nstatus: ready\n' });
  await logPatch(dir, task, makeLogInputs('T1'), { now: new Date('2026-11-24T01:30:00Z') });
  const trace = readFileSync(path.join(dir, TRACE_LOG), 'utf8');
  writeFiles(dir, { [METRICS_FILE]: '<<<<<<< HEAD\ntotals: {}\n=======\ntotals: []\n>>>>>>> origin/main\n' });
  assert.deepEqual(await recomputeRecords(dir), [METRICS_FILE]);
  const ledger = parseLedger(readFileSync(path.join(dir, LEDGER_FILE), 'utf8'));
  assert.equal(readFileSync(path.join(dir, METRICS_FILE), 'utf8'), formatMetrics(buildMetrics(ledger)));
  assert.equal(readFileSync(path.join(dir, TRACE_LOG), 'utf8'), trace, 'the trace log had nothing to mark');
  assert.deepEqual(await recomputeRecords(dir), []);
});

test('a workspace that never recorded anything gets no metrics file', async (t) => {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  assert.deepEqual(await recomputeRecords(dir), []);
  assert.equal(existsSync(path.join(dir, METRICS_FILE)), false);
});
