import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { makeLogInputs, makeTempDir, writeLogInputs } from '@taskpod/testing';
import { readLogInputs } from './read-log-inputs';

function workspace(t: { after: (fn: () => void) => void }) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  return dir;
}

test('reads back exactly what the steps wrote', async (t) => {
  const root = workspace(t);
  const inputs = makeLogInputs('T1');
  writeLogInputs(root, inputs);
  assert.deepEqual(await readLogInputs(root, 'T1'), inputs);
});

test('each missing record names its file and the step that writes it', async (t) => {
  const root = workspace(t);
  const inputs = makeLogInputs('T1');
  for (const [file, step] of [
    ['.patches/T1/apply.json', 'apply'],
    ['.patches/T1/run.json', 'run'],
    [`.patches/${inputs.patch.meta}`, 'patch'],
  ]) {
    writeLogInputs(root, inputs);
    rmSync(path.join(root, file));
    await assert.rejects(readLogInputs(root, 'T1'), (e: Error & { details: { hint: string } }) => {
      assert.equal(e.message, `Cannot log task T1: ${file} is missing.`);
      assert.equal(e.details.hint, `Run \`taskpod ${step} T1\` first.`);
      return true;
    });
  }
});

test('a staged patch needs no run record, and an older run.json beside it is not used', async (t) => {
  const root = workspace(t);
  const inputs = makeLogInputs('T1');
  inputs.meta.source = 'staged';
  writeLogInputs(root, { ...inputs, run: null });
  assert.equal((await readLogInputs(root, 'T1')).run, null);
  writeLogInputs(root, inputs);
  assert.equal((await readLogInputs(root, 'T1')).run, null);
});

test('an apply record of an older patch is refused: apply the newest patch first', async (t) => {
  const root = workspace(t);
  const inputs = makeLogInputs('T1');
  inputs.apply.patch_file = 'patch_20200101_000000_T1.diff';
  writeLogInputs(root, inputs);
  await assert.rejects(
    readLogInputs(root, 'T1'),
    /apply\.json records patch patch_20200101_000000_T1\.diff, but the newest patch of T1 is patch_20261124_010000_T1\.diff/,
  );
});

test('records of another task, bad JSON and wrong field types are named', async (t) => {
  const root = workspace(t);
  const inputs = makeLogInputs('T1');
  writeLogInputs(root, { ...inputs, apply: { ...inputs.apply, task_id: 'T2' } });
  await assert.rejects(readLogInputs(root, 'T1'), /\.patches\/T1\/apply\.json belongs to task `T2`, not `T1`/);
  writeLogInputs(root, inputs);
  writeFileSync(path.join(root, '.patches/T1/run.json'), '{"task_id": "T1",');
  await assert.rejects(readLogInputs(root, 'T1'), /\.patches\/T1\/run\.json is not a valid JSON record/);
  writeLogInputs(root, { ...inputs, meta: { ...inputs.meta, tokens_in: 'many' as never } });
  await assert.rejects(readLogInputs(root, 'T1'), /patch_20261124_010000_T1\.yaml: field `tokens_in` must be a number/);
});

test('a patch pointer that names a file outside .patches/ or of another task is refused before it is read', async (t) => {
  const root = workspace(t);
  writeLogInputs(root, makeLogInputs('T1'));
  writeFileSync(path.join(root, 'secret.yaml'), 'task_id: T1\n');
  for (const meta of ['../secret.yaml', 'patch_20261124_010000_T2.yaml', 'patch_20261124_010000_T1.yaml/../../secret.yaml']) {
    writeFileSync(path.join(root, '.patches/T1/patch.json'), JSON.stringify({ diff: 'patch_20261124_010000_T1.diff', meta }));
    await assert.rejects(readLogInputs(root, 'T1'), /\.patches\/T1\/patch\.json: field `meta` must name a patch file of task T1/, meta);
  }
  await assert.rejects(readLogInputs(root, '..'), /Not a task id: `\.\.`/);
});
