import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { makeTask, type ApplyRecord } from '@taskpod/core';
import { readPatchTreeRecord, writePatchTreeRecord } from '@taskpod/core/records';
import { addOrigin, commitFiles, git, gitCommandsDuring, makeWorkspace, PNG, writeRun } from '@taskpod/testing';
import { applyStep } from './apply-step';
import { createBatchReads } from './batch-reads';
import { patchStep } from './patch-step';
import { workspaceGit } from './step-context';

const task = makeTask({ id: 'T1', pod: 'DevPod', outputs: ['src/**', 'docs/**', 'logo.png'] });

/** A workspace with an origin and T1 patched as an Nx batch patches (batch reads: the tree is built and recorded). */
async function patchedInBatch(t: { after: (fn: () => void | Promise<void>) => void }) {
  const ws = makeWorkspace(t, { 'src/long.txt': 'one\ntwo\nthree\n', 'src/old.md': 'old\n' });
  addOrigin(ws.dir, ws.root);
  writeRun(ws.root, 'T1', { 'src/long.txt': 'one\nTWO\nthree\n', 'docs/new/deep.md': '# deep\n', 'logo.png': PNG }, 'Improve');
  const reads = createBatchReads(workspaceGit(ws.ctx));
  t.after(reads.dispose);
  const meta = (await patchStep(ws.ctx, task, { batchReads: reads }))!;
  const gitDir = path.join(ws.root, '.git');
  return { ...ws, meta, gitDir, diffPath: path.join(ws.root, '.patches', meta.patch_file) };
}

/** Applies T1 as an Nx batch does; returns the commit's tree and the git subcommands the apply started. */
async function applyInBatch(t: { after: (fn: () => void | Promise<void>) => void }, ws: Awaited<ReturnType<typeof patchedInBatch>>) {
  const reads = createBatchReads(workspaceGit(ws.ctx));
  t.after(reads.dispose);
  let record: ApplyRecord | null = null;
  const started = await gitCommandsDuring(async () => {
    record = await applyStep(ws.ctx, task, { batchReads: reads, pr: false });
    await reads.dispose();
  });
  const commit = record!.commit;
  return { record: record!, started, tree: git(ws.root, 'rev-parse', `${commit}^{tree}`).trim() };
}

/** The tree `git apply --cached` of the diff onto `base` gives, in a scratch index. */
function treeByGit(root: string, base: string, diffPath: string): string {
  const index = path.join(root, '.git', 'scratch-index');
  const env = { ...process.env, GIT_INDEX_FILE: index };
  const run = (...args: string[]) => execFileSync('git', args, { cwd: root, env, encoding: 'utf8' });
  run('read-tree', base);
  run('apply', '--cached', diffPath);
  return run('write-tree').trim();
}

describe('apply onto the commit a patch was made against, in a batch', () => {
  it("commits the tree the patch step recorded, which is git's own result", async (t) => {
    const ws = await patchedInBatch(t);
    const recorded = (await readPatchTreeRecord(ws.gitDir, 'T1'))!;
    assert.equal(recorded.base_commit, ws.meta.base_commit);
    const { tree, record, started } = await applyInBatch(t, ws);
    assert.equal(tree, recorded.tree);
    assert.ok(!started.includes('apply') && !started.includes('write-tree'), `no git apply or write-tree: ${started.join(' ')}`);
    assert.equal(tree, treeByGit(ws.root, ws.meta.base_commit, ws.diffPath));
    assert.equal(record.method, '3way');
    assert.equal(git(ws.root, 'show', `${record.commit}:docs/new/deep.md`), '# deep');
  });

  it('applies an edited diff with git: the record names the diff as patch wrote it', async (t) => {
    const ws = await patchedInBatch(t);
    // A reviewer changes the patch by hand before it is applied.
    writeFileSync(ws.diffPath, readFileSync(ws.diffPath, 'utf8').replace('+TWO', '+TWO, reviewed'));
    const { record, started } = await applyInBatch(t, ws);
    assert.equal(git(ws.root, 'show', `${record.commit}:src/long.txt`), 'one\nTWO, reviewed\nthree');
    assert.ok(started.includes('apply'), 'git applied the edited diff');
  });

  it('applies with git when the branch starts elsewhere (main moved), merging as before', async (t) => {
    const ws = await patchedInBatch(t);
    git(ws.root, 'checkout', '-q', 'main');
    commitFiles(ws.root, { 'src/old.md': 'old, changed on main\n' });
    const { record, tree } = await applyInBatch(t, ws);
    assert.equal(git(ws.root, 'show', `${record.commit}:src/old.md`), 'old, changed on main');
    assert.equal(git(ws.root, 'show', `${record.commit}:src/long.txt`), 'one\nTWO\nthree');
    assert.notEqual(tree, (await readPatchTreeRecord(ws.gitDir, 'T1'))!.tree);
  });

  it('applies with git when the recorded tree is not in this repository, or names another task', async (t) => {
    const ws = await patchedInBatch(t);
    const recorded = (await readPatchTreeRecord(ws.gitDir, 'T1'))!;
    await writePatchTreeRecord(ws.gitDir, { ...recorded, tree: 'f'.repeat(40) });
    const { tree } = await applyInBatch(t, ws);
    assert.equal(tree, treeByGit(ws.root, ws.meta.base_commit, ws.diffPath));
  });

  it('a record for another diff (an older patch of the task) is not used', async (t) => {
    const ws = await patchedInBatch(t);
    const recorded = (await readPatchTreeRecord(ws.gitDir, 'T1'))!;
    const baseTree = git(ws.root, 'rev-parse', `${ws.meta.base_commit}^{tree}`).trim();
    await writePatchTreeRecord(ws.gitDir, { ...recorded, diff_sha256: '0'.repeat(64), tree: baseTree });
    const { tree } = await applyInBatch(t, ws);
    assert.equal(tree, recorded.tree, 'git applied the diff: the hash did not match');
  });
});
