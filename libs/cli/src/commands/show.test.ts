import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { commitFiles, initGitRepo, makeTempDir, runTaskpod, writeFiles } from '@taskpod/testing';

/** A git workspace: T1 has a run waiting; T2 depends on it; T3 is in the next phase; T4 writes what T1 writes. */
function workspace(t: { after: (fn: () => void) => void }) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  const root = path.join(dir, 'ws');
  mkdirSync(root);
  initGitRepo(root);
  commitFiles(root, {
    '.gitignore': '.patches/\n',
    'nx.json': '{"plugins":["taskpod/nx-plugin"]}\n',
    'task_templates/t1/task.yaml':
      'id: T1\ndescription: Add a greeting\npod: DevPod\nphase: 1\nstatus: ready\noutputs: [src/**]\naudience: testers\n',
    'task_templates/t2/task.yaml': 'id: T2\ndescription: Test it\npod: QAPod\nphase: 1\nstatus: ready\ndepends_on: [T1]\n',
    'task_templates/t3/task.yaml': 'id: T3\ndescription: Ship it\nphase: Phase 2 - Ship\nstatus: backlog\n',
    'task_templates/t4/task.yaml': 'id: T4\ndescription: Lint it\nstatus: ready\noutputs: [src/hello.ts]\n',
    'src/hello.ts': 'export const hello = 1;\n',
  });
  writeFiles(root, {
    '.patches/T1/files/src/hello.ts': 'export const hello = 2;\n',
    '.patches/T1/run.json': JSON.stringify({
      task_id: 'T1',
      provider: 'openai',
      model: 'gpt-4o-mini',
      tokens_in: 1200,
      tokens_out: 300,
      cost_usd: 0.00036,
      duration_s: 2,
      prompt_hash: 'p',
      reply_key: 'k'.repeat(64),
      from_store: false,
      summary: 'Bump hello',
      files: ['src/hello.ts'],
      started_at: '2026-11-24T00:00:00Z',
    }),
  });
  return root;
}

test('taskpod show: fields, what holds the task back, then its run, patch, branch and log once the steps ran', async (t) => {
  const root = workspace(t);
  const before = JSON.parse((await runTaskpod(root, ['show', 'T2', '--json'])).stdout);
  assert.deepEqual(before.blocked_by, { actionable: false, depends_on: [{ id: 'T1', status: 'ready' }], phase_barrier: [], outputs: [] });
  assert.equal(before.fields.depends_on[0], 'T1');
  const t3 = JSON.parse((await runTaskpod(root, ['show', 'T3', '--json'])).stdout);
  assert.deepEqual([t3.phase, t3.phase_label, t3.blocked_by.phase_barrier], [2, 'Phase 2 - Ship', ['T1', 'T2']]);
  const t4 = JSON.parse((await runTaskpod(root, ['show', 'T4', '--json'])).stdout);
  assert.deepEqual(t4.blocked_by.outputs, [{ id: 'T1', status: 'ready', path: 'src/hello.ts' }]);
  assert.equal(t4.blocked_by.actionable, true, 'an overlap orders the two, it does not block');

  for (const step of [
    ['patch', 'T1'],
    ['apply', 'T1', '--no-push'],
    ['log', 'T1'],
  ]) {
    const result = await runTaskpod(root, step, { PATH: process.env.PATH });
    assert.equal(result.code, 0, `${step.join(' ')}: ${result.stderr}`);
  }
  const shown = JSON.parse((await runTaskpod(root, ['show', 'T1', '--json'])).stdout);
  assert.equal(shown.status, 'done');
  assert.equal(shown.fields.audience, 'testers');
  assert.deepEqual(shown.last_run, {
    provider: 'openai',
    model: 'gpt-4o-mini',
    tokens_in: 1200,
    tokens_out: 300,
    cost_usd: 0.00036,
    from_store: false,
    reply_key: 'k'.repeat(64),
    started_at: '2026-11-24T00:00:00Z',
    duration_s: 2,
  });
  assert.equal(shown.logged.length, 1);
  assert.match(shown.logged[0].patch_file, /^patch_\d{8}_\d{6}_T1\.diff$/);
  assert.equal(shown.patch.diff, shown.logged[0].patch_file);
  assert.deepEqual([shown.patch.files, shown.patch.insertions, shown.patch.deletions], [1, 1, 1]);
  assert.deepEqual([shown.apply.branch, shown.apply.pushed, shown.apply.pr_url], ['taskpod/T1', false, null]);
  assert.deepEqual(shown.feedback, { file: '.logs/feedback/T1.md', exists: true, human: '' });
  assert.equal(shown.budget, null, 'no budgets configured: no number made up');
  assert.equal(JSON.parse((await runTaskpod(root, ['show', 'T2', '--json'])).stdout).blocked_by.actionable, true);

  const human = await runTaskpod(root, ['show', 'T1']);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /^T1 {2}done {2}task_templates\/t1\/task\.yaml:1\nAdd a greeting\n/);
  assert.match(human.stdout, /\n {2}audience {3}testers\n/);
  assert.match(human.stdout, /\nLast run: {2}openai gpt-4o-mini, 1200\+300 tokens, \$0\.0004, a model call, 2026-11-24T00:00:00Z\n/);
  assert.match(human.stdout, /\nApplied: {3}on taskpod\/T1, commit [0-9a-f]{12}, not pushed, no PR\n/);
  assert.doesNotMatch(human.stdout, /Budget/);
  assert.match((await runTaskpod(root, ['show', 'T2'])).stdout, /\nState: actionable/);
  assert.match(
    (await runTaskpod(root, ['show', 'T3'])).stdout,
    /\nState: not offered by `taskpod next`: status backlog; phase barrier: T2 of earlier phases not done\n/,
  );
});

test('taskpod show: an unknown id gets a suggestion (exit 1), a missing id is a usage error (exit 2)', async (t) => {
  const root = workspace(t);
  const unknown = await runTaskpod(root, ['show', 'T11']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^taskpod: Unknown task id `T11`\. Did you mean `T1`\?/);
  assert.equal((await runTaskpod(root, ['show'])).code, 2);
  assert.equal((await runTaskpod(root, ['show', 'T1', 'T2'])).code, 2);
});
