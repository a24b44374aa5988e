import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { makeTempDir, runTaskpod, workspace, writeFiles } from '@taskpod/testing';
import { platformOpener } from '../open-with-platform-opener';

const TASK = 'id: T1\ndescription: "Ship <script>alert(1)</script>"\npod: DevPod\nphase: 1\nstatus: done\noutputs: [src/a.ts]\n';
const LEDGER = `${JSON.stringify({ key: 'p.diff', task_id: 'T1', pod: 'DevPod', phase: 1, logged_at: '2026-11-24T10:00:00Z', model: 'm', tokens_in: 10, tokens_out: 2, cost_usd: null, duration_s: 1, pr_url: null, pr_number: null })}\n`;

test('report writes .logs/report.html from the workspace root, or --out relative to the current folder', async (t) => {
  const root = workspace(t, { 'task_templates/t1/task.yaml': TASK, '.logs/ledger.jsonl': LEDGER, '.patches/T1/run.json': '{ not json' });
  const first = await runTaskpod(path.join(root, 'task_templates'), ['report']);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(
    first.stdout,
    `Wrote ../.logs/report.html (1 task, 1 done, ${Math.round(readFileSync(path.join(root, '.logs/report.html')).length / 1024)} kB).\n`,
  );
  assert.match(first.stderr, /^taskpod: warning: \.patches\/T1\/run\.json: not valid JSON/m, 'a broken record is named, not fatal');
  const page = readFileSync(path.join(root, '.logs/report.html'), 'utf8');
  assert.ok(page.includes('Ship &lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.match(page, /data-metric="cost_usd"[^>]*>unknown</, 'a null cost is unknown, not $0');
  const second = await runTaskpod(path.join(root, 'task_templates'), ['report', '--out', 'here.html']);
  assert.equal(second.code, 0, second.stderr);
  assert.ok(existsSync(path.join(root, 'task_templates/here.html')));
});

test('report --open starts the platform opener on the file, and says so when there is none', {
  skip: process.platform === 'win32' || process.platform === 'darwin' ? 'xdg-open is the opener tested here' : false,
}, async (t) => {
  const root = workspace(t, { 'task_templates/t1/task.yaml': TASK });
  const bin = makeTempDir('taskpod-opener-');
  t.after(bin.cleanup);
  const seen = path.join(bin.dir, 'opened.txt');
  writeFiles(bin.dir, { 'xdg-open': `#!/bin/sh\nprintf '%s' "$1" > '${seen}'\n` });
  chmodSync(path.join(bin.dir, 'xdg-open'), 0o755);
  const opened = await runTaskpod(root, ['report', '--open'], { PATH: bin.dir });
  assert.equal(opened.code, 0, opened.stderr);
  assert.match(opened.stdout, /^Opened it with xdg-open\.$/m);
  // The redirect creates the file empty before printf fills it: wait for its content.
  for (let i = 0; i < 100 && (!existsSync(seen) || readFileSync(seen, 'utf8') === ''); i++) await delay(50);
  assert.equal(readFileSync(seen, 'utf8'), path.join(root, '.logs/report.html'));

  const none = await runTaskpod(root, ['report', '--open'], { PATH: path.join(bin.dir, 'empty') });
  assert.equal(none.code, 0, none.stderr);
  assert.match(
    none.stdout,
    new RegExp(
      `^No xdg-open on this machine to open it: open ${path.join(root, '.logs/report.html').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} in a browser\\.$`,
      'm',
    ),
  );
});

test('the platform opener: xdg-open on Linux, open on macOS, start through cmd on Windows', () => {
  assert.deepEqual(platformOpener('linux', '/r.html'), { command: 'xdg-open', args: ['/r.html'] });
  assert.deepEqual(platformOpener('darwin', '/r.html'), { command: 'open', args: ['/r.html'] });
  assert.deepEqual(platformOpener('win32', 'C:\\r.html'), {
    command: 'cmd',
    args: ['/d', '/s', '/c', 'start "" "C:\\r.html"'],
    verbatim: true,
  });
});
