import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { commitFiles, git, initGitRepo, makeTempDir, writeFiles } from '@taskpod/testing';
import type { CliIo } from '../command';
import { main } from '../main';

/** A git workspace with task T1, an origin, and the files its run wrote. */
function workspace(t: { after: (fn: () => void) => void }) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  const root = path.join(dir, 'ws');
  mkdirSync(root);
  initGitRepo(root);
  commitFiles(root, {
    '.gitignore': '.patches/\n',
    'nx.json': '{"plugins":["taskpod/nx-plugin"]}\n',
    'task_templates/t1/task.yaml': 'id: T1\ndescription: Add a greeting\npod: DevPod\nphase: 1\nstatus: ready\noutputs: [src/**]\n',
    'src/hello.ts': 'export const hello = 1;\n',
  });
  git(dir, 'init', '-q', '--bare', '-b', 'main', 'origin.git');
  git(root, 'remote', 'add', 'origin', path.join(dir, 'origin.git'));
  git(root, 'push', '-q', 'origin', 'main');
  writeFiles(root, {
    '.patches/T1/files/src/hello.ts': 'export const hello = 2;\n',
    '.patches/T1/run.json': JSON.stringify({
      task_id: 'T1',
      provider: 'replay',
      model: 'm',
      tokens_in: 1,
      tokens_out: 2,
      cost_usd: 0,
      duration_s: 0,
      prompt_hash: 'p',
      reply_key: 'r',
      from_store: true,
      summary: 'Bump hello',
      files: ['src/hello.ts'],
      started_at: '2026-11-24T00:00:00Z',
    }),
  });
  return { root, origin: path.join(dir, 'origin.git') };
}

function capture(cwd: string) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = { cwd, env: { PATH: process.env.PATH }, stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s) };
  return { io, out };
}

test('taskpod patch then apply: a patch file, then a pushed taskpod/T1 branch; again changes nothing', async (t) => {
  const { root, origin } = workspace(t);
  const patch = capture(path.join(root, 'src'));
  assert.equal(await main(['patch', 'T1'], patch.io), 0, patch.out.stderr);
  assert.match(patch.out.stdout, /^\.patches\/patch_\d{8}_\d{6}_T1\.diff\n$/);
  const apply = capture(root);
  assert.equal(await main(['apply', 'T1', '--no-pr'], apply.io), 0, apply.out.stderr);
  assert.match(apply.out.stdout, /^T1: taskpod\/T1 [0-9a-f]{12}, 3way, pushed\n$/);
  assert.equal(git(origin, 'show', 'taskpod/T1:src/hello.ts'), 'export const hello = 2;');
  const again = capture(root);
  assert.equal(await main(['apply', 'T1', '--json'], again.io), 0);
  assert.deepEqual(JSON.parse(again.out.stdout), JSON.parse(readFileSync(path.join(root, '.patches/T1/apply.json'), 'utf8')));
  assert.match(again.out.stderr, /already applied on taskpod\/T1/);
});

test('apply --into current refuses a dirty file; usage mistakes exit 2; an empty staged patch exits 1', async (t) => {
  const { root } = workspace(t);
  assert.equal(await main(['patch', 'T1'], capture(root).io), 0);
  writeFiles(root, { 'src/hello.ts': 'my edit\n' });
  const dirty = capture(root);
  assert.equal(await main(['apply', 'T1', '--into', 'current'], dirty.io), 1);
  assert.match(dirty.out.stderr, /uncommitted changes or are untracked: src\/hello.ts/);
  const badInto = capture(root);
  assert.equal(await main(['apply', 'T1', '--into', 'elsewhere'], badInto.io), 2);
  assert.match(badInto.out.stderr, /`--into` takes `current`/);
  assert.equal(await main(['patch'], capture(root).io), 2);
  assert.equal(await main(['apply', 'T1', '--bogus'], capture(root).io), 2);
  const staged = capture(root);
  assert.equal(await main(['patch', 'T1', '--staged'], staged.io), 1);
  assert.match(staged.out.stderr, /nothing is staged/);
});
