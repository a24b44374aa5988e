import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, utimesSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { commitFiles, gitAt, initGitRepo, makeTempDir } from '@taskpod/testing';
import { withScratchIndex } from './worktree';

/** Holds a scratch index open until killed, printing its folder's parent listing once inside. */
const CHILD = `
const [worktreeJs, repo, head] = JSON.parse(process.argv[1]);
require(worktreeJs).withScratchIndex({ cwd: repo, env: process.env }, head, () => { process.stdout.write('inside\\n'); return new Promise(() => setInterval(() => {}, 1000)); });
`;

describe('throwaway index folders', () => {
  it('are named with their process id, and a later use removes those of a killed process', async (t) => {
    const { dir, cleanup } = makeTempDir();
    t.after(cleanup);
    const repo = path.join(dir, 'repo');
    const temp = path.join(dir, 'tmp');
    mkdirSync(repo);
    mkdirSync(temp);
    initGitRepo(repo);
    const head = commitFiles(repo, { 'a.txt': 'a\n' });
    const child = spawn(process.execPath, ['-e', CHILD, JSON.stringify([require.resolve('./worktree'), repo, head])], {
      env: { ...process.env, TMPDIR: temp },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk) => String(chunk).includes('inside') && resolve()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const left = readdirSync(temp);
    assert.equal(left.length, 1);
    assert.match(left[0]!, new RegExp(`^taskpod-index-${child.pid}-`));
    // Old enough to be a leftover; a fresh one of the same dead pid may be another namespace's, kept.
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(path.join(temp, left[0]!), hourAgo, hourAgo);
    mkdirSync(path.join(temp, `taskpod-index-${child.pid}-fresh`));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = temp;
    t.after(() => (saved === undefined ? delete process.env.TMPDIR : (process.env.TMPDIR = saved)));
    let inside: string[] = [];
    await withScratchIndex(gitAt(repo), head, async ({ env }) => {
      inside = readdirSync(temp);
      assert.ok(env.GIT_INDEX_FILE!.startsWith(path.join(temp, `taskpod-index-${process.pid}-`)), env.GIT_INDEX_FILE);
    });
    assert.deepEqual(
      inside.filter((name) => !name.startsWith(`taskpod-index-${process.pid}-`)),
      [`taskpod-index-${child.pid}-fresh`],
    );
    assert.deepEqual(readdirSync(temp), [`taskpod-index-${child.pid}-fresh`]);
  });
});
