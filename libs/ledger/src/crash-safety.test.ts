import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { LEDGER_FILE, LEDGER_LOCK, METRICS_FILE, TRACE_LOG } from '@taskpod/core';
import { makeLogInputs, makeTempDir } from '@taskpod/testing';
import { parse } from 'yaml';
import { TEMP_SUFFIX } from '@taskpod/core/atomic-write';
import { buildMetrics, formatMetrics } from './build-metrics';
import { logPatch } from './log-patch';
import { readLedger } from './read-ledger';
import { hasTraceRow } from './trace-log';

const LEDGER = path.join(__dirname, 'index.js');
const ATOMIC_WRITE = require.resolve('@taskpod/core/atomic-write');
const TESTING = require.resolve('@taskpod/testing');

/** Starts `node script`, waits for its first "ready" line, lets it run a random moment, kills it with -9. */
async function killMidway(script: string, maxDelayMs: number, args: string[] = []): Promise<void> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, Math.random() * maxDelayMs));
  child.kill('SIGKILL');
  await exited;
}

test('kill -9 while writing large content: the file is always a whole old or new version', async (t) => {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  const target = path.join(dir, 'big.json');
  const script = path.join(dir, 'writer.js');
  writeFileSync(
    script,
    `
    const { writeFileAtomic } = require(${JSON.stringify(ATOMIC_WRITE)});
    const pad = 'x'.repeat(2 * 1024 * 1024);
    (async () => {
      for (let n = Number(process.argv[2]); ; n++) {
        await writeFileAtomic(${JSON.stringify(target)}, JSON.stringify({ n, pad, end: n }));
        if (n === Number(process.argv[2])) process.stdout.write('ready\\n');
      }
    })();
  `,
  );
  let last = 0;
  let caughtMidWrite = 0;
  for (let round = 0; round < 4; round++) {
    await killMidway(script, 60, [String(last + 1)]);
    const value = JSON.parse(readFileSync(target, 'utf8'));
    assert.equal(value.end, value.n, 'one whole version, never a mix');
    assert.equal(value.pad.length, 2 * 1024 * 1024);
    assert.ok(value.n >= last, 'never older than what a previous round saw');
    last = value.n;
    const others = readdirSync(dir).filter((n) => n !== 'big.json' && n !== 'writer.js');
    assert.ok(
      others.every((n) => n.startsWith('.big.json.') && n.endsWith(TEMP_SUFFIX)),
      `only temp files beside the data: ${others}`,
    );
    caughtMidWrite = others.length; // each kill mid-write leaves one temp file
  }
  t.diagnostic(`${caughtMidWrite} kill(s) landed mid-write (a temp file was left behind)`);
});

test('kill -9 in the middle of logging: every file still parses, and the next log completes the record', async (t) => {
  const { dir: root, cleanup } = makeTempDir();
  t.after(cleanup);
  const script = path.join(root, 'logger.js');
  writeFileSync(
    script,
    `
    const fs = require('node:fs');
    const path = require('node:path');
    const { logPatch } = require(${JSON.stringify(LEDGER)});
    const { makeLogInputs } = require(${JSON.stringify(TESTING)});
    const root = ${JSON.stringify(root)};
    (async () => {
      for (let i = 0; ; i++) {
        const id = 'K' + i, file = 'task_templates/' + id + '/task.yaml';
        fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), '# task\\nid: ' + id + '\\nstatus: ready\\n');
        const task = { id, pod: i % 2 ? 'DevPod' : null, phase: i % 3, source: { file, shape: 'flat' } };
        const at = new Date(Date.UTC(2026, 10, 24, 0, 0, i));
        await logPatch(root, task, makeLogInputs(id, at, { pod: task.pod, phase: task.phase }), { now: at });
        if (i === 2) process.stdout.write('ready\\n');
      }
    })();
  `,
  );
  await killMidway(script, 150);
  const entries = await readLedger(root);
  assert.ok(entries.length >= 3);
  const trace = readFileSync(path.join(root, TRACE_LOG), 'utf8');
  for (const e of entries) assert.ok(hasTraceRow(trace, e.key), `trace row of ${e.key} written before its ledger line`);
  assert.ok(parse(readFileSync(path.join(root, METRICS_FILE), 'utf8')).totals.patches >= entries.length - 1);
  // The killed holder's lock is taken over once stale; pretend that time has passed.
  const lock = path.join(root, LEDGER_LOCK);
  if (existsSync(lock)) utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  const file = 'task_templates/Z.yaml';
  writeFileSync(path.join(root, file), 'id: Z\nstatus: ready\n');
  await logPatch(root, { id: 'Z', pod: null, phase: null, source: { file, shape: 'flat' } }, makeLogInputs('Z'), { now: new Date() });
  const after = await readLedger(root);
  assert.equal(after.length, entries.length + 1);
  assert.equal(readFileSync(path.join(root, METRICS_FILE), 'utf8'), formatMetrics(buildMetrics(after)), 'metrics exactly recomputed');
  const logs = readdirSync(path.join(root, '.logs'));
  assert.deepEqual(
    logs.filter((n) => n.endsWith(TEMP_SUFFIX)),
    [],
    'strays swept',
  );
  assert.ok(readFileSync(path.join(root, LEDGER_FILE), 'utf8').endsWith('\n'));
});
