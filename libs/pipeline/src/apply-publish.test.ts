import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { makeTask, type ApplyRecord } from '@taskpod/core';
import { addOrigin, git, makeWorkspace, writeRun } from '@taskpod/testing';
import { publishAll, type PendingPublish } from './apply-publish';
import { applyStep } from './apply-step';
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
