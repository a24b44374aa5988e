import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT, cliTestEnv, makeNxWorkspace, type NxWorkspace } from '@taskpod/testing';

/** A shell "model" that writes its pid, waits as long as the task says, then answers with one file. */
const SLOW_MODEL = `const fs = require('fs');
let input = '';
process.stdin.on('data', (d) => (input += d)).on('end', () => {
  const id = /Implement feature (\\w)/.exec(input)[1];
  fs.writeFileSync(process.env.PID_DIR + '/' + id + '.pid', String(process.pid));
  const ms = Number(/wait (\\d+) ms/.exec(input)[1]);
  setTimeout(() => process.stdout.write(JSON.stringify({ summary: 'wrote ' + id, files: [{ path: 'src/' + id.toLowerCase() + '.ts', content: 'export const x = 1;\\n' }] })), ms);
});
`;

const task = (id: string, ms: number) =>
  [
    `id: ${id}`,
    `description: Implement feature ${id}, wait ${ms} ms`,
    'phase: 1',
    'pod: DevPod',
    'status: ready',
    `outputs: [src/${id.toLowerCase()}.ts]`,
    '',
  ].join('\n');

describe('taskpod run while it works: progress of model calls, totals, --json, and signals', () => {
  let ws: NxWorkspace;
  const env = () => cliTestEnv(ws.dir, { PID_DIR: ws.dir, TASKPOD_HEARTBEAT_MS: '400' });

  const bin = path.join(REPO_ROOT, 'libs/cli/bin/taskpod.js');

  before(() => {
    ws = makeNxWorkspace(
      {
        'task_templates/a/task.yaml': task('A', 1500),
        'task_templates/s/task.yaml': task('S', 60_000),
        'tools/slow-model.cjs': SLOW_MODEL,
      },
      (dir) => ({ provider: 'shell', model: 'slow', shell: { command: [process.execPath, path.join(dir, 'tools/slow-model.cjs')] } }),
    );
  });
  after(() => ws.cleanup());

  test('a line when the call starts, heartbeats while it runs, tokens and time when it ends; totals after the table', () => {
    const result = spawnSync(process.execPath, [bin, 'run', 'A', '--json'], {
      cwd: ws.dir,
      encoding: 'utf8',
      env: env(),
      timeout: 120_000,
    });
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stderr.split('\n');
    const start = lines.indexOf('taskpod: A: asking shell slow');
    const beat = lines.findIndex((l) => /^taskpod: A: still waiting for shell slow \(\d+\.\d s\)$/.test(l));
    const end = lines.findIndex((l) =>
      /^taskpod: A: shell slow answered in \d+\.\d s: \d+\+\d+ tokens, (\$\d+\.\d{4}|cost unknown)$/.test(l),
    );
    assert.ok(start >= 0 && beat > start && end > beat, result.stderr);
    assert.equal(lines.filter((l) => l.startsWith('taskpod: A: asking')).length, 1, 'one start line per call');
    // stdout is the summary alone: Nx's output went to stderr.
    const summary = JSON.parse(result.stdout) as {
      tasks: { id: string; result: string; branch: string }[];
      totals: Record<string, number>;
      exit_code: number;
    };
    assert.deepEqual(
      summary.tasks.map((t) => [t.id, t.result, t.branch]),
      [['A', 'done', 'taskpod/A']],
    );
    assert.equal(summary.totals.tasks, 1);
    assert.equal(summary.totals.done, 1);
    assert.equal(summary.totals.failed, 0);
    assert.ok(summary.totals.wall_s! >= 1.5, `wall time ${summary.totals.wall_s}`);
    assert.equal(summary.exit_code, 0);
    assert.match(result.stderr, /> nx run A:run/);
  });

  test('SIGINT stops nx and the model it started, exit 130, no process left; the summary still prints', async () => {
    const child = spawn(process.execPath, [bin, 'run', 'S'], { cwd: ws.dir, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const pidFile = path.join(ws.dir, 'S.pid');
    for (let i = 0; i < 600 && !existsSync(pidFile); i++) await sleep(100);
    assert.ok(existsSync(pidFile), `the model never started:\n${out}`);
    const modelPid = Number(readFileSync(pidFile, 'utf8'));
    child.kill('SIGINT');
    const code = await Promise.race([exited, sleep(30_000).then(() => 'timeout' as const)]);
    assert.equal(code, 130, out);
    assert.match(out, /taskpod: interrupted: stopping nx and its steps/);
    assert.match(out, /^S\s+(failed|not run)\s/m, 'the summary table still prints');
    // taskpod has exited: what it started must be gone too (a few ticks for the kernel to reap it).
    for (let i = 0; i < 20 && isAlive(modelPid); i++) await sleep(100);
    assert.equal(isAlive(modelPid), false, `the model process ${modelPid} outlived taskpod: ${processState(modelPid)}`);
  });
});

/** Alive, and not a zombie waiting for a parent to reap it (that process has ended). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !/^\d+ \(.*\) Z/.test(processState(pid));
}

function processState(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 'no /proc entry';
  }
}
