import assert from 'node:assert/strict';
import { test } from 'node:test';
import { git, gitAt, initGitRepo, makeTempDir } from '@taskpod/testing';
import { configureMergeDriver } from './merge-driver';

const driver = { name: 'taskpod-test', description: 'a test driver', command: '"/usr/bin/node" "/x y/driver.js" %O %A %B' };

test("sets the driver in the repository's own config, and rewrites it only when the command moved", async (t) => {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  initGitRepo(dir);
  assert.equal(await configureMergeDriver(gitAt(dir), driver), true);
  assert.equal(git(dir, 'config', '--local', 'merge.taskpod-test.driver'), driver.command);
  assert.equal(git(dir, 'config', '--local', 'merge.taskpod-test.name'), 'a test driver');
  const moved = { ...driver, command: '"/opt/node" "/y/driver.js" %O %A %B' };
  assert.equal(await configureMergeDriver(gitAt(dir), moved), true);
  assert.equal(git(dir, 'config', '--local', 'merge.taskpod-test.driver'), moved.command);
});

test('outside a git repository it does nothing and says so', async (t) => {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  assert.equal(await configureMergeDriver(gitAt(dir, { ...process.env, GIT_CEILING_DIRECTORIES: dir }), driver), false);
});
