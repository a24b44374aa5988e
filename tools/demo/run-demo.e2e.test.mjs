// `npm start` is the README's main job: it must run the example offline from the committed reply
// store. This also catches a change to the example or to prompt rendering that leaves the recorded
// replies stale (re-record them with `node tools/demo/run-demo.mjs --record`).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('npm start runs the example backlog through the whole loop offline, with no API key', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'taskpod-demo-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { ...process.env, OPENAI_API_KEY: '', NO_COLOR: '1' };
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'run-demo.mjs'), '--dir', dir], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(code, 0, out);
  assert.equal(out.match(/: [^\n]*reply store, no model call;/g)?.length, 5, `every task is answered by the store:\n${out}`);
  const workspace = path.join(dir, 'workspace');
  assert.equal(readdirSync(path.join(workspace, '.patches')).filter((f) => f.endsWith('.diff')).length, 5);
  const trace = readFileSync(path.join(workspace, '.logs', 'trace_log.md'), 'utf8');
  assert.equal(trace.split('\n').filter((l) => /^\| \d{4}-/.test(l)).length, 5);
  assert.match(out, /branches {2}pushed to .*origin\.git: main, taskpod\/1\.1, taskpod\/1\.2, taskpod\/2\.1, taskpod\/2\.2, taskpod\/X\.1/);
});
