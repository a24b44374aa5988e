import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { makeTask } from '@taskpod/core';
import { git, makeWorkspace, writeRun } from '@taskpod/testing';
import { applyStep } from './apply-step';
import { createBatchReads } from './batch-reads';
import { patchStep } from './patch-step';

describe('reads shared by one batch', () => {
  it('resolve once, keep the tips of the batch start, and give an index file equal to read-tree', async (t) => {
    const { root, ctx } = makeWorkspace(t, { 'src/a.txt': 'a\n' });
    git(root, 'branch', 'taskpod/OLD');
    const reads = createBatchReads({ cwd: root, env: ctx.env });
    assert.equal(reads.revision('HEAD'), reads.revision('HEAD'), 'one read for every task');
    const head = await reads.revision('HEAD');
    assert.equal(head.commit, git(root, 'rev-parse', 'HEAD'));
    assert.equal(head.branch, 'main');
    assert.equal(await reads.branchTip('taskpod/OLD'), head.commit);
    git(root, 'branch', 'taskpod/NEW');
    assert.equal(await reads.branchTip('taskpod/NEW'), null, 'tips are read once, at the first ask');
    const file = await reads.indexFile(head.commit);
    const staged = (env: NodeJS.ProcessEnv) =>
      execFileSync('git', ['ls-files', '--stage'], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
    assert.equal(staged({ GIT_INDEX_FILE: file }), staged({}));
    await reads.dispose();
    assert.equal(existsSync(file), false);
  });

  it('applies of one batch with shared reads commit exactly what applies alone commit', async (t) => {
    const ws = makeWorkspace(t, { 'src/a.txt': 'a\n' });
    const tasks = ['T1', 'T2'].map((id) => makeTask({ id, pod: 'DevPod', outputs: [`src/${id}.txt`] }));
    for (const task of tasks) {
      writeRun(ws.root, task.id, { [`src/${task.id}.txt`]: `${task.id}\n` }, `Write ${task.id}`);
      await patchStep(ws.ctx, task);
    }
    const reads = createBatchReads({ cwd: ws.root, env: ws.ctx.env });
    const [one, two] = await Promise.all(tasks.map((task) => applyStep(ws.ctx, task, { batchReads: reads, push: false, pr: false })));
    await reads.dispose();
    const base = git(ws.root, 'rev-parse', 'main');
    for (const record of [one!, two!]) {
      assert.equal(git(ws.root, 'rev-parse', record.branch), record.commit);
      assert.equal(git(ws.root, 'rev-parse', `${record.branch}^`), base);
      assert.equal(git(ws.root, 'show', `${record.branch}:src/${record.task_id}.txt`), `${record.task_id}`);
      assert.equal(
        git(ws.root, 'diff', '--name-only', base, record.branch),
        `src/${record.task_id}.txt`,
        'the base tree plus its own file, nothing of the other task',
      );
    }
    assert.deepEqual(JSON.parse(readFileSync(`${ws.root}/.patches/T1/apply.json`, 'utf8')).commit, one!.commit);
  });
});
