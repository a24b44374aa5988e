import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { makeLogInputs, makeTempDir, writeLogInputs } from '@taskpod/testing';
import { InternalError, UserError } from '../errors';
import type { PatchMeta } from '../types';
import {
  clearFailureRecord,
  readApplyRecord,
  readFailureRecord,
  readLatestPatch,
  readPatchPointer,
  readRunRecord,
  readSidecar,
  writeApplyRecord,
  writeFailureRecord,
  writePatch,
  writeRunRecord,
} from './index';
import { buildSidecarYaml, parseSidecarYaml } from './sidecar';

function workspace(t: { after: (fn: () => void) => void }) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  return dir;
}

const write = (root: string, rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
};

/** Asserts a UserError with this message, and its expected/received/hint when given. */
function userError(message: string | RegExp, details: { expected?: string; received?: string; hint?: string } = {}) {
  return (error: unknown) => {
    assert.ok(error instanceof UserError, String(error));
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    for (const [key, value] of Object.entries(details)) assert.equal(error.details[key as keyof typeof details], value, key);
    return true;
  };
}

test('each record reads back exactly what was written, and a record not written yet is null', async (t) => {
  const root = workspace(t);
  const { run, apply, meta, patch } = makeLogInputs('T1');
  assert.equal(await readRunRecord(root, 'T1'), null);
  assert.equal(await readApplyRecord(root, 'T1'), null);
  assert.equal(await readPatchPointer(root, 'T1'), null);
  assert.equal(await readFailureRecord(root, 'T1'), null);
  await writeRunRecord(root, run!);
  await writeApplyRecord(root, apply);
  await writePatch(root, 'T1', patch, 'diff --git a/x b/x\n', meta);
  const failure = { task_id: 'T1', target: 'apply', message: 'boom', at: '2026-11-24T01:00:00.000Z' };
  await writeFailureRecord(root, failure);
  assert.deepEqual(await readRunRecord(root, 'T1'), run);
  assert.deepEqual(await readApplyRecord(root, 'T1'), apply);
  assert.deepEqual(await readPatchPointer(root, 'T1'), patch);
  assert.deepEqual(await readSidecar(root, patch.meta, 'T1'), meta);
  assert.deepEqual(await readFailureRecord(root, 'T1'), failure);
  const latest = await readLatestPatch(root, 'T1');
  assert.deepEqual(latest.meta, meta);
  assert.equal(readFileSync(latest.diffPath, 'utf8'), 'diff --git a/x b/x\n');
  await clearFailureRecord(root, 'T1');
  assert.equal(await readFailureRecord(root, 'T1'), null);
  assert.equal(
    readFileSync(path.join(root, '.patches/T1/run.json'), 'utf8'),
    `${JSON.stringify(run, null, 2)}\n`,
    'two-space JSON with a final newline',
  );
});

test('a run.json that is not JSON names the file and how to make it again', async (t) => {
  const root = workspace(t);
  write(root, '.patches/T1/run.json', '{"task_id": "T1",');
  await assert.rejects(
    readRunRecord(root, 'T1'),
    userError(/^\.patches\/T1\/run\.json is not a valid JSON record: /, { hint: 'Re-run `taskpod run T1`.' }),
  );
  write(root, '.patches/T1/run.json', '[]');
  await assert.rejects(
    readRunRecord(root, 'T1'),
    userError('.patches/T1/run.json is not a valid JSON record: expected an object, got a list.'),
  );
});

test('a field of the wrong type names the file and the field, with what was expected and received', async (t) => {
  const root = workspace(t);
  const { run, apply } = makeLogInputs('T1');
  write(root, '.patches/T1/run.json', JSON.stringify({ ...run, cost_usd: 'free' }));
  await assert.rejects(
    readRunRecord(root, 'T1'),
    userError('.patches/T1/run.json: field `cost_usd` must be a number or null.', { expected: 'a number or null', received: '"free"' }),
  );
  const { files: _, ...noFiles } = run!;
  write(root, '.patches/T1/run.json', JSON.stringify(noFiles));
  await assert.rejects(
    readRunRecord(root, 'T1'),
    userError('.patches/T1/run.json: field `files` must be a list.', { received: 'nothing' }),
  );
  write(root, '.patches/T1/run.json', JSON.stringify({ ...run, files: ['a.ts', 7] }));
  await assert.rejects(readRunRecord(root, 'T1'), userError('.patches/T1/run.json: field `files[1]` must be a string.'));
  write(root, '.patches/T1/apply.json', JSON.stringify({ ...apply, method: 'merge' }));
  await assert.rejects(
    readApplyRecord(root, 'T1'),
    userError('.patches/T1/apply.json: field `method` must be one of `3way`, `overwrite`, `already-applied`.', {
      hint: 'Re-run `taskpod apply T1`.',
    }),
  );
  write(root, '.patches/T1/apply.json', JSON.stringify({ ...apply, pr_number: '7' }));
  await assert.rejects(readApplyRecord(root, 'T1'), userError('.patches/T1/apply.json: field `pr_number` must be a number or null.'));
});

test('a sidecar is checked down to each file entry, however it is written', async (t) => {
  const root = workspace(t);
  const { meta, patch } = makeLogInputs('T1');
  const bad = { ...meta, files: [meta.files[0]!, { ...meta.files[1]!, status: 'changed' as never }] };
  write(root, `.patches/${patch.meta}`, buildSidecarYaml(bad));
  await assert.rejects(
    readSidecar(root, patch.meta, 'T1'),
    userError(
      `.patches/${patch.meta}: field \`files[1].status\` must be one of \`added\`, \`modified\`, \`deleted\`, \`renamed\`, \`copied\`, \`type-changed\`.`,
    ),
  );
  write(root, `.patches/${patch.meta}`, 'task_id: T1\nfiles: [\n');
  await assert.rejects(
    readSidecar(root, patch.meta, 'T1'),
    userError(new RegExp(`^\\.patches/${patch.meta.replace(/\./g, '\\.')} is not a valid YAML record: `), {
      hint: 'Re-run `taskpod patch T1`.',
    }),
  );
  write(root, `.patches/${patch.meta}`, buildSidecarYaml({ ...meta, totals: { ...meta.totals, files: null as never } }));
  await assert.rejects(readSidecar(root, patch.meta, 'T1'), userError(`.patches/${patch.meta}: field \`totals.files\` must be a number.`));
});

test('the sidecar written line by line is the YAML the library reads, and a hand-written one reads the same', async (t) => {
  const root = workspace(t);
  const { meta, patch } = makeLogInputs('T1');
  const withRename: PatchMeta = {
    ...meta,
    files: [...meta.files, { path: 'new "name".ts', status: 'renamed', insertions: 0, deletions: 0, from: 'old.ts' }],
  };
  const text = buildSidecarYaml(withRename);
  assert.deepEqual(parseYaml(text), withRename);
  assert.deepEqual(parseSidecarYaml(text), withRename);
  write(root, `.patches/${patch.meta}`, `# edited by hand\n${stringifyYaml(withRename)}`);
  assert.deepEqual(await readSidecar(root, patch.meta, 'T1'), withRename);
});

test('a record of another task is refused, naming both tasks', async (t) => {
  const root = workspace(t);
  const { run, meta, patch } = makeLogInputs('T2');
  write(root, '.patches/T1/run.json', JSON.stringify(run));
  await assert.rejects(
    readRunRecord(root, 'T1'),
    userError('.patches/T1/run.json belongs to task `T2`, not `T1`.', { expected: 'T1', received: 'T2' }),
  );
  write(root, `.patches/${patch.meta}`, buildSidecarYaml(meta));
  await assert.rejects(readSidecar(root, patch.meta, 'T1'), /belongs to task `T2`, not `T1`/);
});

test('a patch pointer must name patch files of its own task under .patches/', async (t) => {
  const root = workspace(t);
  for (const diff of ['../../secret.diff', 'patch_20261124_010000_T2.diff', 'notes.txt']) {
    write(root, '.patches/T1/patch.json', JSON.stringify({ diff, meta: 'patch_20261124_010000_T1.yaml' }));
    await assert.rejects(
      readPatchPointer(root, 'T1'),
      userError('.patches/T1/patch.json: field `diff` must name a patch file of task T1 in .patches/.', {
        expected: 'patch_<YYYYMMDD>_<HHMMSS>_T1.diff',
      }),
      diff,
    );
  }
});

test('readLatestPatch says what to run when there is no patch, or when its files are gone', async (t) => {
  const root = workspace(t);
  await assert.rejects(readLatestPatch(root, 'T1'), userError('Task T1 has no patch: .patches/T1/patch.json does not exist.'));
  const inputs = makeLogInputs('T1');
  writeLogInputs(root, inputs);
  rmSync(path.join(root, '.patches', inputs.patch.diff));
  await assert.rejects(
    readLatestPatch(root, 'T1'),
    userError(/^The patch of task T1 named in \.patches\/T1\/patch\.json is missing/, { hint: 'Make it again: `taskpod patch T1`.' }),
  );
});

test('a writer refuses a record that breaks its shape (a bug in taskpod) and leaves the old file', async (t) => {
  const root = workspace(t);
  const { run } = makeLogInputs('T1');
  await writeRunRecord(root, run!);
  await assert.rejects(writeRunRecord(root, { ...run!, tokens_in: Number.NaN }), (error: unknown) => {
    assert.ok(error instanceof InternalError);
    assert.match(error.message, /\.patches\/T1\/run\.json with field `tokens_in` NaN, not a number; nothing was written/);
    return true;
  });
  assert.deepEqual(await readRunRecord(root, 'T1'), run);
  assert.deepEqual(readdirSync(path.join(root, '.patches/T1')), ['run.json']);
  assert.ok(!existsSync(path.join(root, '.patches/T1/apply.json')));
});
