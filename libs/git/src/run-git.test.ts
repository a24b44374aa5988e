import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commitFiles, gitAt, initGitRepo, makeTempDir } from '@taskpod/testing';
import { cleanStderr, runGit, runGitResult } from './run-git';

describe('runGit', () => {
  it('returns stdout, and a failure is a GitError with command, exit code and stderr', async (t) => {
    const { dir, cleanup } = makeTempDir();
    t.after(cleanup);
    initGitRepo(dir);
    const head = commitFiles(dir, { 'a.txt': 'a\n' });
    assert.equal(await runGit(gitAt(dir), ['rev-parse', 'HEAD']), head);
    assert.equal((await runGitResult(gitAt(dir), ['cat-file', '-e', 'nope'], { okExitCodes: [128] })).exitCode, 128);
    await assert.rejects(
      runGit(gitAt(dir), ['cat-file', '-p', 'nope'], { what: 'Reading nope failed.' }),
      (error: Error & Record<string, unknown>) => {
        assert.equal(error.name, 'GitError');
        assert.deepEqual(error.command, ['cat-file', '-p', 'nope']);
        assert.equal(error.exitCodeOfGit, 128);
        assert.match(String(error.stderr), /Not a valid object name nope/);
        assert.match(error.message, /^Reading nope failed\.\n {2}git cat-file -p nope exited 128: fatal: Not a valid object name nope/);
        return true;
      },
    );
  });

  it('keeps tokens out of errors: URL credentials and secret environment values', async (t) => {
    const { dir, cleanup } = makeTempDir();
    t.after(cleanup);
    initGitRepo(dir);
    commitFiles(dir, { 'a.txt': 'a\n' });
    const secret = 'ghp_secretvalue_987654321';
    const url = `https://x-access-token:${secret}@127.0.0.1:1/acme/shop.git`;
    await assert.rejects(
      runGit(gitAt(dir, { ...process.env, GITHUB_TOKEN: secret }), ['push', url, 'HEAD:refs/heads/x']),
      (error: Error) => {
        assert.equal(error.name, 'GitError');
        assert.doesNotMatch(error.message, new RegExp(secret));
        assert.match(error.message, /https:\/\/\*\*\*@127\.0\.0\.1:1/);
        return true;
      },
    );
    assert.equal(cleanStderr(`token ${secret} here`, { GITHUB_TOKEN: secret }), 'token *** here');
  });

  it('runs git with exactly the env it is given: GIT_CONFIG_* there is seen, process.env is not read', async (t) => {
    const { dir, cleanup } = makeTempDir();
    t.after(cleanup);
    initGitRepo(dir);
    const probe = (value: string) => ({ GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'taskpod.probe', GIT_CONFIG_VALUE_0: value });
    assert.equal(
      await runGit(gitAt(dir, { PATH: process.env.PATH, ...probe('from the step') }), ['config', 'taskpod.probe']),
      'from the step',
    );
    Object.assign(process.env, probe('from the process'));
    t.after(() => {
      for (const key of Object.keys(probe(''))) delete process.env[key];
    });
    const unset = await runGitResult(gitAt(dir, { PATH: process.env.PATH }), ['config', 'taskpod.probe'], { okExitCodes: [1] });
    assert.equal(unset.exitCode, 1, 'a setting only in process.env never reaches git');
  });
});
