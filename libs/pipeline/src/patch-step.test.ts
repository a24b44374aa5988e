import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { makeTask } from '@taskpod/core';
import { commitFiles, git, makeWorkspace, NOW, PNG, writeFiles, writeRun } from '@taskpod/testing';
import { patchStep } from './patch-step';

const userState = (root: string) => ({
  index: readFileSync(path.join(root, '.git/index')).toString('hex'),
  status: git(root, '--no-optional-locks', 'status', '--porcelain=v1', '-uall'),
  head: git(root, 'rev-parse', 'HEAD'),
});

const patchFiles = (root: string) =>
  readdirSync(path.join(root, '.patches'))
    .filter((n) => n.startsWith('patch_'))
    .sort();

describe('patchStep from a run', () => {
  it('writes the diff, a sidecar with every field and patch.json, leaving index and tree alone', async (t) => {
    const { root, ctx } = makeWorkspace(t);
    const task = makeTask({ id: 'T1', pod: 'DevPod', phase: 2, outputs: ['src/**', 'logo.png'] });
    writeRun(root, 'T1', { 'src/a.ts': 'one\nTWO\nthree\n', 'src/b.ts': 'new\n', 'logo.png': Buffer.concat([PNG, PNG]) }, 'Edit a, add b');
    writeFiles(root, { 'src/a.ts': 'local unstaged edit\n', 'notes.txt': 'untracked\n' });
    const before = userState(root);
    const meta = await patchStep(ctx, task);
    assert.deepEqual(userState(root), before);
    assert.deepEqual(patchFiles(root), ['patch_20261124_010203_T1.diff', 'patch_20261124_010203_T1.yaml']);
    const sidecar = parseYaml(readFileSync(path.join(root, '.patches/patch_20261124_010203_T1.yaml'), 'utf8'));
    assert.deepEqual(sidecar, meta);
    assert.deepEqual(sidecar, {
      task_id: 'T1',
      pod: 'DevPod',
      phase: 2,
      timestamp: NOW.toISOString(),
      base_commit: before.head,
      summary: 'Edit a, add b',
      files: [
        { path: 'logo.png', status: 'modified', insertions: 0, deletions: 0 },
        { path: 'src/a.ts', status: 'modified', insertions: 1, deletions: 1 },
        { path: 'src/b.ts', status: 'added', insertions: 1, deletions: 0 },
      ],
      totals: { files: 3, insertions: 2, deletions: 1 },
      model: 'gpt-test',
      tokens_in: 120,
      tokens_out: 45,
      cost_usd: 0.0021,
      patch_file: 'patch_20261124_010203_T1.diff',
      source: 'run',
    });
    assert.deepEqual(JSON.parse(readFileSync(path.join(root, '.patches/T1/patch.json'), 'utf8')), {
      diff: 'patch_20261124_010203_T1.diff',
      meta: 'patch_20261124_010203_T1.yaml',
    });
    const diff = readFileSync(path.join(root, '.patches/patch_20261124_010203_T1.diff'));
    assert.match(diff.toString('latin1'), /GIT binary patch/);
    // The diff reproduces the run's files on a clean clone at the base commit.
    git(ctx.root, 'worktree', 'add', '-q', path.join(root, '..', 'check'), before.head);
    git(path.join(root, '..', 'check'), 'apply', '--index', path.join(root, '.patches/patch_20261124_010203_T1.diff'));
    assert.deepEqual(readFileSync(path.join(root, '..', 'check', 'logo.png')), Buffer.concat([PNG, PNG]));
  });

  it('uses the configured base branch', async (t) => {
    const { root, ctx } = makeWorkspace(t);
    const base = git(root, 'rev-parse', 'HEAD');
    git(root, 'checkout', '-q', '-b', 'feature');
    commitFiles(root, { 'src/a.ts': 'feature\n' });
    writeRun(root, 'T1', { 'src/c.ts': 'c\n' });
    const meta = await patchStep({ ...ctx, config: { ...ctx.config, baseBranch: 'main' } }, makeTask({ id: 'T1' }));
    assert.equal(meta!.base_commit, base);
  });

  it('refuses an empty change and writes nothing', async (t) => {
    const { root, ctx } = makeWorkspace(t);
    writeRun(root, 'T1', { 'src/a.ts': 'one\ntwo\nthree\n' });
    await assert.rejects(patchStep(ctx, makeTask({ id: 'T1' })), /identical to the base commit [0-9a-f]{12}, so there is no patch to make/);
    assert.deepEqual(patchFiles(root), []);
    assert.equal(existsSync(path.join(root, '.patches/T1/patch.json')), false);
  });

  it('says to run first when run.json is missing, and rejects paths outside the workspace', async (t) => {
    const { root, ctx } = makeWorkspace(t);
    await assert.rejects(patchStep(ctx, makeTask({ id: 'T1' })), (error: Error & { details?: { hint?: string } }) => {
      assert.match(error.message, /Task T1 has no run output: .patches\/T1\/run.json does not exist/);
      assert.match(error.details!.hint!, /taskpod run T1/);
      return true;
    });
    writeRun(root, 'T1', { 'src/a.ts': 'x\n' });
    const run = JSON.parse(readFileSync(path.join(root, '.patches/T1/run.json'), 'utf8'));
    writeFileSync(path.join(root, '.patches/T1/run.json'), JSON.stringify({ ...run, files: ['../evil.txt'] }));
    await assert.rejects(patchStep(ctx, makeTask({ id: 'T1' })), /`..\/evil.txt` is not allowed/);
    writeFileSync(path.join(root, '.patches/T1/run.json'), JSON.stringify({ ...run, files: ['src/a.ts', 'src/lost.ts'] }));
    await assert.rejects(
      patchStep(ctx, makeTask({ id: 'T1' })),
      /The run lists `src\/lost.ts`, but .patches\/T1\/files\/src\/lost.ts is missing/,
    );
  });

  it('is a no-op for a done task and refuses a task that is not ready', async (t) => {
    const { root, ctx, logs } = makeWorkspace(t);
    writeRun(root, 'T1', { 'src/a.ts': 'changed\n' });
    assert.equal(await patchStep(ctx, makeTask({ id: 'T1', status: 'done' })), null);
    assert.match(logs.join('\n'), /T1 is done/);
    assert.equal(existsSync(path.join(root, '.patches/T1/patch.json')), false);
    await assert.rejects(patchStep(ctx, makeTask({ id: 'T1', status: 'backlog' })), /Task T1 is not ready: its status is `backlog`/);
  });
});

describe('patchStep --staged', () => {
  it('makes the patch from the staged rename, deletion and binary change without touching the index', async (t) => {
    const long = `${Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n')}\n`;
    const { root, ctx } = makeWorkspace(t, { 'docs/old.md': long, 'gone.txt': 'bye\n' });
    mkdirSync(path.join(root, 'guide'));
    git(root, 'mv', 'docs/old.md', 'guide/new.md');
    git(root, 'rm', '-q', 'gone.txt');
    writeFiles(root, { 'logo.png': Buffer.concat([PNG, Buffer.from([7])]), 'src/a.ts': 'unstaged\n' });
    git(root, 'add', 'logo.png');
    const before = userState(root);
    const meta = await patchStep(ctx, makeTask({ id: 'T1', description: 'Reorganise docs\nmore words' }), { staged: true });
    assert.deepEqual(userState(root), before);
    assert.equal(meta!.source, 'staged');
    assert.equal(meta!.summary, 'Reorganise docs');
    assert.equal(meta!.model, null);
    assert.deepEqual(
      meta!.files.map((f) => [f.status, f.path, f.from ?? null]),
      [
        ['deleted', 'gone.txt', null],
        ['renamed', 'guide/new.md', 'docs/old.md'],
        ['modified', 'logo.png', null],
      ],
    );
    const diff = readFileSync(path.join(root, '.patches', meta!.patch_file), 'latin1');
    assert.match(diff, /rename from docs\/old.md/);
    assert.doesNotMatch(diff, /unstaged/);
  });

  it('says so when nothing is staged', async (t) => {
    const { ctx } = makeWorkspace(t);
    await assert.rejects(patchStep(ctx, makeTask({ id: 'T1' }), { staged: true }), /nothing is staged/);
  });
});
