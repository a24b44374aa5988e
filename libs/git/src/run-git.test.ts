import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commitFiles, initGitRepo, makeTempDir } from '@taskpod/testing';
import { cleanStderr, runGit, runGitResult } from './run-git';

describe('runGit', () => {
  it('returns stdout, and a failure is a GitError with command, exit code and stderr', async (t) => {
    const { dir, cleanup } = makeTempDir();
    t.after(cleanup);
    initGitRepo(dir);
    const head = commitFiles(dir, { 'a.txt': 'a\n' });
    assert.equal(await runGit(dir, ['rev-parse', 'HEAD']), head);
    assert.equal((await runGitResult(dir, ['cat-file', '-e', 'nope'], { okExitCodes: [128] })).exitCode, 128);
    await assert.rejects(runGit(dir, ['cat-file', '-p', 'nope'], { what: 'Reading nope failed.' }), (error: Error & Record<string, unknown>) => {
      assert.equal(error.name, 'GitError');
      assert.deepEqual(error.command, ['cat-file', '-p', 'nope']);
      assert.equal(error.exitCodeOfGit, 128);
      assert.match(String(error.stderr), /Not a valid object name nope/);
      assert.match(error.message, /^Reading nope failed\.\n {2}git cat-file -p nope exited 128: fatal: Not a valid object name nope/);
      return true;
    });
  });

  it('keeps tokens out of errors: URL credentials and secret environment values', async (t) => {
    const { dir, cleanup } = makeTempDir();
    t.after(cleanup);
    initGitRepo(dir);
    commitFiles(dir, { 'a.txt': 'a\n' });
    const secret = 'ghp_secretvalue_987654321';
    const url = `https://x-access-token:${secret}@127.0.0.1:1/acme/shop.git`;
    await assert.rejects(runGit(dir, ['push', url, 'HEAD:refs/heads/x'], { env: { GITHUB_TOKEN: secret } }), (error: Error) => {
      assert.equal(error.name, 'GitError');
      assert.doesNotMatch(error.message, new RegExp(secret));
      assert.match(error.message, /https:\/\/\*\*\*@127\.0\.0\.1:1/);
      return true;
    });
    assert.equal(cleanStderr(`token ${secret} here`, { GITHUB_TOKEN: secret }), 'token *** here');
  });
});
