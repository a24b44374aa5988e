import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { makeTask, type ApplyRecord } from '@taskpod/core';
import { addOrigin, git, gitCommandsDuring, makeWorkspace, writeRun } from '@taskpod/testing';
import { publishAll, type PendingPublish } from './apply-publish';
import { applyStep } from './apply-step';
import { createBatchReads } from './batch-reads';
import { patchStep } from './patch-step';

test('a batch commits first, then publishAll pushes every branch in one push, each with its own outcome', async (t) => {
  const ws = makeWorkspace(t);
  const origin = addOrigin(ws.dir, ws.root);
  const pushes = path.join(ws.dir, 'pushes.log');
  // Pushes of branches only: the applies' claims (refs/taskpod/claims/*) are pushes of their own.
  writeFileSync(path.join(origin, 'hooks', 'post-receive'), `#!/bin/sh\nif grep -q ' refs/heads/'; then echo push >> '${pushes}'; fi\n`);
  // The remote refuses one branch (an update hook judges each ref on its own).
  writeFileSync(
    path.join(origin, 'hooks', 'update'),
    '#!/bin/sh\n[ "$1" = refs/heads/taskpod/T2 ] && { echo "T2 is frozen" >&2; exit 1; }\nexit 0\n',
  );
  for (const hook of ['post-receive', 'update']) chmodSync(path.join(origin, 'hooks', hook), 0o755);
  const pending: PendingPublish[] = [];
  for (const id of ['T1', 'T2', 'T3']) {
    const task = makeTask({ id, outputs: [`src/${id}.ts`] });
    writeRun(ws.root, id, { [`src/${id}.ts`]: `export const ${id} = 1;\n` });
    await patchStep(ws.ctx, task);
    const record = await applyStep(ws.ctx, task, { deferPublish: (p) => pending.push(p) });
    assert.equal(record?.pushed, false, 'committed, not yet pushed');
  }
  assert.equal(pending.length, 3);
  assert.doesNotMatch(git(ws.root, 'ls-remote', '--heads', origin), /taskpod\//, 'nothing is pushed before publishAll');

  const outcomes = await publishAll(pending, 2);
  const [one, two, three] = outcomes;
  assert.ok(one && 'record' in one && one.record.pushed);
  assert.ok(three && 'record' in three && three.record.pushed);
  assert.ok(two && 'error' in two);
  assert.match(String((two.error as { stderr?: string }).stderr), /T2 is frozen/);
  assert.equal(readFileSync(pushes, 'utf8').trim().split('\n').length, 1, 'one push for all three branches');
  const heads = git(ws.root, 'ls-remote', '--heads', origin);
  assert.match(heads, /refs\/heads\/taskpod\/T1$/m);
  assert.match(heads, /refs\/heads\/taskpod\/T3$/m);
  assert.doesNotMatch(heads, /taskpod\/T2/);
  const recorded = (id: string): ApplyRecord => JSON.parse(readFileSync(path.join(ws.root, `.patches/${id}/apply.json`), 'utf8'));
  assert.deepEqual(
    ['T1', 'T2', 'T3'].map((id) => recorded(id).pushed),
    [true, false, true],
    'apply.json says what happened',
  );
});

test('a batch with shared reads writes its commits with one git process and moves every branch in one update-ref, each record after its move', async (t) => {
  const ws = makeWorkspace(t);
  // The git processes of the applies alone: these runs are written directly, so no run step claimed
  // them, and each apply would claim its task on origin first (tested in claims.test.ts).
  ws.ctx.env = { ...ws.ctx.env, TASKPOD_CLAIMS: 'off' };
  const origin = addOrigin(ws.dir, ws.root);
  const ids = ['T1', 'T2', 'T3', 'T4'];
  const tasks = ids.map((id) => makeTask({ id, pod: 'DevPod', outputs: [`src/${id}.ts`] }));
  for (const task of tasks) {
    writeRun(ws.root, task.id, { [`src/${task.id}.ts`]: `export const ${task.id} = 1;\n` }, `Write ${task.id}`);
    await patchStep(ws.ctx, task);
  }
  // T4's branch appears after the batch read the tips: its move must not overwrite it.
  const reads = createBatchReads({ cwd: ws.root, env: ws.ctx.env });
  await reads.branchTip('taskpod/T4');
  git(ws.root, 'branch', 'taskpod/T4', 'main');
  const pending: PendingPublish[] = [];
  const commands = await gitCommandsDuring(async () => {
    await Promise.all(tasks.map((task) => applyStep(ws.ctx, task, { batchReads: reads, deferPublish: (p) => pending.push(p) })));
    await reads.dispose();
    assert.doesNotMatch(git(ws.root, 'branch', '--list', 'taskpod/*'), /T1|T2|T3/, 'no branch moves before publishAll');
    assert.equal(existsSync(path.join(ws.root, '.patches/T1/apply.json')), false, 'no record before its branch moved');
    const outcomes = await publishAll(pending, 2);
    // The applies ran side by side, so `pending` is in the order they finished.
    const said = Object.fromEntries(
      outcomes.map((o, i) => [pending[i]!.record.task_id, 'record' in o ? 'published' : String((o.error as Error).message).split('\n')[0]]),
    );
    const t4 = pending.find((p) => p.record.task_id === 'T4')!.record.commit.slice(0, 12);
    assert.deepEqual(said, {
      T1: 'published',
      T2: 'published',
      T3: 'published',
      T4: `Could not point branch taskpod/T4 at ${t4} (it moved since taskpod read it).`,
    });
  });
  assert.equal(commands.filter((c) => c === 'update-ref').length, 1 + ids.length, 'one for the batch; it failed, so each alone');
  assert.equal(commands.filter((c) => c === 'hash-object').length, 1, 'one process writes every commit');
  assert.equal(commands.filter((c) => c === 'commit-tree' || c === 'branch').length, 0);
  for (const id of ids.slice(0, 3)) {
    const record: ApplyRecord = JSON.parse(readFileSync(path.join(ws.root, `.patches/${id}/apply.json`), 'utf8'));
    assert.equal(git(ws.root, 'rev-parse', `taskpod/${id}`), record.commit);
    assert.equal(git(ws.root, 'rev-parse', `taskpod/${id}^`), git(ws.root, 'rev-parse', 'main'));
    assert.equal(record.pushed, true);
    assert.match(git(ws.root, 'ls-remote', '--heads', origin), new RegExp(`${record.commit}\trefs/heads/taskpod/${id}$`, 'm'));
    // The commit commit-tree would have made: message, trailers, author and committer from the repository's config.
    assert.equal(
      git(ws.root, 'log', '-1', '--format=%an <%ae>|%cn <%ce>|%B', record.commit),
      `Test Author <author@example.test>|Test Author <author@example.test>|${id}: Write ${id}\n\nTask-Id: ${id}\nPod: DevPod\nPatch: ${record.patch_file}`,
    );
  }
  assert.equal(git(ws.root, 'rev-parse', 'taskpod/T4'), git(ws.root, 'rev-parse', 'main'), 'the branch that appeared is left as it was');
  assert.equal(existsSync(path.join(ws.root, '.patches/T4/apply.json')), false, 'no record for a commit on no branch');
});
