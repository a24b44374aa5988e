import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { makeTask, type ApplyRecord } from '@taskpod/core';
import { GIT_TEST_ENV, commitFiles, git, makeWorkspace, writeFiles, writeRun } from '@taskpod/testing';
import { applyStep } from './apply-step';
import { patchStep } from './patch-step';

/** What `apply --into current` may change: HEAD, the index entries, and what `git status` reports. */
const checkout = (root: string) => ({
  head: git(root, 'rev-parse', 'HEAD'),
  index: git(root, 'ls-files', '-s'),
  status: git(root, '--no-optional-locks', 'status', '--porcelain=v1', '-uall'),
});

/** A child process that applies one task `--into current` once `go` exists, so two start together. */
const CHILD = `
const [applyStepJs, stepContextJs, coreJs, root, id, output, go] = JSON.parse(process.argv[1]);
const fs = require('fs');
const { applyStep } = require(applyStepJs);
const { createStepContext } = require(stepContextJs);
const { buildConfig, makeTask } = require(coreJs);
process.stdout.write('ready\\n');
const wait = () => (fs.existsSync(go) ? Promise.resolve() : new Promise((r) => setTimeout(r, 1)).then(wait));
wait()
  .then(() => applyStep(createStepContext(root, buildConfig({}), { env: process.env }), makeTask({ id, outputs: [output] }), { into: 'current', push: false }))
  .then((record) => process.stdout.write(JSON.stringify(record) + '\\n'), (error) => { process.stderr.write(String(error && error.stack || error)); process.exitCode = 1; });
`;

function startChild(args: string[]): { ready: Promise<void>; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['-e', CHILD, JSON.stringify(args)], {
    env: { ...process.env, ...GIT_TEST_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let ready!: () => void;
  const readyP = new Promise<void>((resolve) => (ready = resolve));
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
    if (stdout.includes('ready\n')) ready();
  });
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => {
      ready();
      resolve({ code, stdout, stderr });
    }),
  );
  return { ready: readyP, done };
}

describe('applyStep --into current across processes', () => {
  it('serialises two processes applying at once: both commits land, nothing is left staged', async (t) => {
    // Without the lock the second process built on the HEAD the first had just moved away from.
    for (let trial = 0; trial < 4; trial++) {
      const { dir, root, ctx } = makeWorkspace(t);
      for (const id of ['RA', 'RB']) {
        const folder = `r1${id[1]!.toLowerCase()}`;
        writeRun(root, id, { [`${folder}/a.md`]: `# ${id}\n` }, `Write ${folder}`);
        await patchStep(ctx, makeTask({ id, outputs: [`${folder}/**`] }));
      }
      const start = git(root, 'rev-parse', 'HEAD');
      const go = path.join(dir, `go-${trial}`);
      const modules = [require.resolve('./apply-step'), require.resolve('./step-context'), require.resolve('@taskpod/core')];
      const children = [startChild([...modules, root, 'RA', 'r1a/**', go]), startChild([...modules, root, 'RB', 'r1b/**', go])];
      await Promise.all(children.map((c) => c.ready));
      writeFileSync(go, '');
      const results = await Promise.all(children.map((c) => c.done));
      for (const result of results) assert.equal(result.code, 0, `trial ${trial}: ${result.stderr}`);
      const commits = results.map((r) => (JSON.parse(r.stdout.split('\n')[1]!) as ApplyRecord).commit);
      assert.deepEqual(git(root, 'rev-list', `${start}..HEAD`).split('\n').sort(), [...commits].sort(), `trial ${trial}`);
      assert.deepEqual(git(root, 'ls-tree', '-r', '--name-only', 'HEAD', 'r1a', 'r1b').split('\n'), ['r1a/a.md', 'r1b/a.md']);
      assert.equal(git(root, 'diff-index', '--cached', 'HEAD'), '', `trial ${trial}: the index differs from HEAD`);
      assert.equal(checkout(root).status, '', `trial ${trial}`);
      assert.equal(readFileSync(path.join(root, 'r1a/a.md'), 'utf8') + readFileSync(path.join(root, 'r1b/a.md'), 'utf8'), '# RA\n# RB\n');
    }
  });
});

describe('applyStep --into current is all or nothing', () => {
  const task = makeTask({ id: 'T1', outputs: ['src/**'] });

  /** A workspace two commits deep with a patch of T1, and a verify command that acts like a user meanwhile. */
  async function setup(t: { after: (fn: () => void) => void }, meanwhile: string) {
    const ws = makeWorkspace(t);
    commitFiles(ws.root, { 'other.txt': 'second commit\n' }, 'second');
    writeRun(ws.root, 'T1', { 'src/a.ts': 'one\nTWO\nthree\n', 'src/new.ts': 'export {};\n' }, 'Capitalise two');
    await patchStep(ws.ctx, task);
    const snapshot = path.join(ws.dir, 'meanwhile.json');
    // Runs in the apply's own worktree after the commit is built, before HEAD moves: the user's
    // command, then the user's checkout as it is at that moment.
    const script = `const {execFileSync:x}=require('child_process');const fs=require('fs');const r=process.env.USER_ROOT;
const g=(...a)=>x('git',['-C',r,...a],{encoding:'utf8'}).trim();${meanwhile}
fs.writeFileSync(process.env.SNAPSHOT,JSON.stringify({head:g('rev-parse','HEAD'),index:g('ls-files','-s'),status:g('--no-optional-locks','status','--porcelain=v1','-uall')}));`;
    const ctx = {
      ...ws.ctx,
      env: { ...ws.ctx.env, ...GIT_TEST_ENV, USER_ROOT: ws.root, SNAPSHOT: snapshot },
      config: { ...ws.ctx.config, verify: [['node', '-e', script]] },
    };
    return { ...ws, ctx, meanwhile: () => JSON.parse(readFileSync(snapshot, 'utf8')) as ReturnType<typeof checkout> };
  }

  it('leaves HEAD where a reset meanwhile put it, instead of moving it to the new commit', async (t) => {
    const { root, ctx, meanwhile } = await setup(t, "g('reset','-q','--hard','HEAD~1');");
    await assert.rejects(
      applyStep(ctx, task, { into: 'current', push: false }),
      /HEAD moved away from [0-9a-f]{12} while taskpod was applying onto it .*nothing was changed/,
    );
    assert.deepEqual(checkout(root), meanwhile());
    assert.equal(existsSync(path.join(root, '.patches/T1/apply.json')), false);
  });

  it('puts HEAD back when the working tree cannot follow (a file created meanwhile)', async (t) => {
    const { root, ctx, meanwhile } = await setup(t, "fs.writeFileSync(r+'/src/new.ts','mine\\n');");
    await assert.rejects(applyStep(ctx, task, { into: 'current', push: false }), /HEAD, the index and the working tree are as they were/);
    assert.deepEqual(checkout(root), meanwhile());
    assert.equal(readFileSync(path.join(root, 'src/new.ts'), 'utf8'), 'mine\n');
    assert.equal(existsSync(path.join(root, '.patches/T1/apply.json')), false);
  });

  it('finishes an apply killed after moving HEAD and before the checkout and apply.json followed', async (t) => {
    const { root, ctx } = makeWorkspace(t);
    writeRun(root, 'T1', { 'src/a.ts': 'one\nTWO\nthree\n', 'src/new.ts': 'export {};\n' }, 'Capitalise two');
    await patchStep(ctx, task);
    const first = (await applyStep(ctx, task, { into: 'current', push: false }))!;
    // The state such a kill leaves: HEAD on the new commit, index and files still at its parent.
    git(root, 'read-tree', '-m', '-u', 'HEAD', 'HEAD~1');
    rmSync(path.join(root, '.patches/T1/apply.json'));
    writeFiles(root, { 'unrelated.txt': 'kept\n' });
    const again = (await applyStep(ctx, task, { into: 'current', push: false }))!;
    assert.equal(again.commit, first.commit);
    assert.deepEqual(checkout(root), { head: first.commit, index: git(root, 'ls-files', '-s'), status: '?? unrelated.txt' });
    assert.equal(git(root, 'diff-index', '--cached', 'HEAD'), '');
    assert.equal(readFileSync(path.join(root, 'src/new.ts'), 'utf8'), 'export {};\n');
    assert.equal((JSON.parse(readFileSync(path.join(root, '.patches/T1/apply.json'), 'utf8')) as ApplyRecord).commit, first.commit);
  });

  it('takes up its own commit on HEAD when an apply was killed before apply.json only', async (t) => {
    const { root, ctx } = makeWorkspace(t);
    writeRun(root, 'T1', { 'src/a.ts': 'one\nTWO\nthree\n', 'src/new.ts': 'export {};\n' }, 'Capitalise two');
    await patchStep(ctx, task);
    const first = (await applyStep(ctx, task, { into: 'current', push: false }))!;
    rmSync(path.join(root, '.patches/T1/apply.json'));
    const again = (await applyStep(ctx, task, { into: 'current', push: false }))!;
    assert.deepEqual({ ...again, applied_at: 'x' }, { ...first, applied_at: 'x' });
    assert.equal(checkout(root).head, first.commit);
    assert.equal(checkout(root).status, '');
  });
});
