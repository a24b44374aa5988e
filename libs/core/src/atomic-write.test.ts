import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { makeTempDir } from '@taskpod/testing';
import { TEMP_SUFFIX, readTextIfExists, removeStrayTempFiles, writeFileAtomic, writeFileAtomicSync } from './atomic-write';

function tempDir(t: { after: (fn: () => void) => void }) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  return dir;
}

test('writes new files (creating folders) and replaces old ones, leaving no temp file', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'a/b/task.yaml');
  await writeFileAtomic(file, 'one\n');
  await writeFileAtomic(file, 'two\n');
  assert.equal(readFileSync(file, 'utf8'), 'two\n');
  assert.deepEqual(readdirSync(path.dirname(file)), ['task.yaml']);
});

test("keeps an existing file's mode (a task.yaml may be group-writable on purpose)", { skip: process.platform === 'win32' }, async (t) => {
  const file = path.join(tempDir(t), 'task.yaml');
  writeFileSync(file, 'x\n');
  chmodSync(file, 0o664);
  await writeFileAtomic(file, 'y\n');
  assert.equal(statSync(file).mode & 0o777, 0o664);
});

test('a failed write leaves the old file as it was and removes its temp file', async (t) => {
  const dir = tempDir(t);
  const target = path.join(dir, 'metrics.yaml');
  mkdirSync(path.join(target, 'blocker'), { recursive: true }); // renaming a file over a non-empty folder fails
  await assert.rejects(writeFileAtomic(target, 'new'));
  assert.deepEqual(readdirSync(dir), ['metrics.yaml']);
  assert.deepEqual(readdirSync(target), ['blocker']);
});

test('stray temp files of a file are swept; other files are not', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'trace_log.md');
  for (const name of [
    `.trace_log.md.1.ab${TEMP_SUFFIX}`,
    `.trace_log.md.2.cd${TEMP_SUFFIX}`,
    `.other.md.1.ab${TEMP_SUFFIX}`,
    'trace_log.md',
  ])
    writeFileSync(path.join(dir, name), 'x');
  assert.equal((await removeStrayTempFiles(file)).length, 2);
  assert.deepEqual(readdirSync(dir).sort(), [`.other.md.1.ab${TEMP_SUFFIX}`, 'trace_log.md']);
  assert.equal(await readTextIfExists(path.join(dir, 'missing')), null);
});

test('the sync form writes, replaces, keeps the mode and cleans up after a failure as the async one does', {
  skip: process.platform === 'win32',
}, (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'a/cache.json');
  writeFileAtomicSync(file, 'one');
  chmodSync(file, 0o640);
  writeFileAtomicSync(file, Buffer.from('two'));
  assert.equal(readFileSync(file, 'utf8'), 'two');
  assert.equal(statSync(file).mode & 0o777, 0o640);
  assert.deepEqual(readdirSync(path.dirname(file)), ['cache.json']);
  const blocked = path.join(dir, 'blocked');
  mkdirSync(path.join(blocked, 'inside'), { recursive: true });
  assert.throws(() => writeFileAtomicSync(blocked, 'new'));
  assert.deepEqual(readdirSync(dir).sort(), ['a', 'blocked']);
});
