import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { makeTempDir, writeFiles } from '@taskpod/testing';
import type { CliIo } from '../command';
import { main } from '../main';

const STAMP = '20261124_010000';
const DIFF = `patch_${STAMP}_T1.diff`;
const META = `patch_${STAMP}_T1.yaml`;

/** A workspace with task T1 and the records patch and apply would have left for it. */
function workspace(t: { after: (fn: () => void) => void }): string {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  const json = (v: unknown) => JSON.stringify(v, null, 2);
  writeFiles(dir, {
    'nx.json': '{"plugins":["taskpod/nx-plugin"]}\n',
    'task_templates/t1/task.yaml': 'id: T1  # the first task\ndescription: Do it\npod: DevPod\nphase: 1\nstatus: ready\n',
    '.patches/T1/patch.json': json({ diff: DIFF, meta: META }),
    [`.patches/${DIFF}`]: 'diff --git a/a b/a\n',
    [`.patches/${META}`]: [
      'task_id: T1',
      'pod: DevPod',
      'phase: 1',
      'timestamp: 2026-11-24T01:00:00Z',
      `base_commit: ${'b'.repeat(40)}`,
      'summary: Did it',
      'files:',
      '  - { path: src/a.ts, status: added, insertions: 3, deletions: 0 }',
      'totals: { files: 1, insertions: 3, deletions: 0 }',
      'model: gpt-test',
      'tokens_in: 100',
      'tokens_out: 20',
      'cost_usd: 0.001',
      `patch_file: ${DIFF}`,
      'source: run',
      '',
    ].join('\n'),
    '.patches/T1/run.json': json({
      task_id: 'T1',
      provider: 'replay',
      model: 'gpt-test',
      tokens_in: 100,
      tokens_out: 20,
      cost_usd: 0.001,
      duration_s: 2,
      prompt_hash: 'p',
      reply_key: 'r',
      from_store: true,
      summary: 'Did it',
      files: ['src/a.ts'],
      started_at: '2026-11-24T00:59:00Z',
    }),
    '.patches/T1/apply.json': json({
      task_id: 'T1',
      patch_file: DIFF,
      mode: 'worktree',
      method: '3way',
      base_branch: 'main',
      branch: 'taskpod/T1',
      commit: 'c'.repeat(40),
      pushed: false,
      pr_number: null,
      pr_url: null,
      applied_at: '2026-11-24T01:01:00Z',
    }),
  });
  return dir;
}

function capture(cwd: string) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = { cwd, env: {}, stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s) };
  return { io, out };
}

test('taskpod log <id> records the patch, from a subfolder too; a second run says the task is done', async (t) => {
  const root = workspace(t);
  const first = capture(path.join(root, 'task_templates/t1'));
  assert.equal(await main(['log', 'T1'], first.io), 0, first.out.stderr);
  assert.match(first.out.stdout, new RegExp(`^T1: logged ${DIFF}; wrote \\.logs/trace_log\\.md, `));
  assert.match(
    readFileSync(path.join(root, 'task_templates/t1/task.yaml'), 'utf8'),
    /^id: T1 {2}# the first task\n[\s\S]*status: done\nupdated_at: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/,
  );
  const second = capture(root);
  assert.equal(await main(['log', 'T1', '--json'], second.io), 0);
  assert.deepEqual(JSON.parse(second.out.stdout), {
    id: 'T1',
    appended: false,
    skipped: true,
    written: [],
    patch_file: null,
    task_fields: [],
  });
});

test('usage errors exit 2; an unknown id and a missing record exit 1 with the reason', async (t) => {
  const root = workspace(t);
  const none = capture(root);
  assert.equal(await main(['log'], none.io), 2);
  assert.match(none.out.stderr, /takes exactly one task id/);
  const unknown = capture(root);
  assert.equal(await main(['log', 'NOPE'], unknown.io), 1);
  assert.match(unknown.out.stderr, /Unknown task id `NOPE`/);
  writeFiles(root, { '.patches/T1/apply.json': '' });
  const bad = capture(root);
  assert.equal(await main(['log', 'T1'], bad.io), 1);
  assert.match(bad.out.stderr, /\.patches\/T1\/apply\.json is not a valid JSON record[\s\S]*Re-run `taskpod apply T1`/);
});
