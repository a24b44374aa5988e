import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, writeFiles } from '@taskpod/testing';
import { UserError, ValidationError } from './errors';
import { makeTask } from './make-task';
import { readTaskMemory } from './read-task-memory';

/** A workspace `ws/` beside `outside/`, which holds a memory.yaml that must never be read. */
function workspace(t: { after: (fn: () => void) => void }) {
  const { dir: parent, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(parent, { 'outside/memory.yaml': '- path: outside-secret.md\n  description: SECRET index\n' });
  const dir = path.join(parent, 'ws');
  writeFiles(dir, { 'memory/memory.yaml': '- path: memory/style.md\n  description: House style\n', '.git/memory.yaml': '- path: x.md\n' });
  return dir;
}

const refusal = (pattern: RegExp) => (e: unknown) => e instanceof UserError && pattern.test(e.message) && !/SECRET/.test(e.message);

test('memory: the memory files a task names are read only from inside the workspace, outside .git/', async (t) => {
  const dir = workspace(t);
  assert.deepEqual(
    (await readTaskMemory(dir, makeTask({ memory: ['memory/memory.yaml'] }))).map((e) => e.path),
    ['memory/style.md'],
  );
  await assert.rejects(
    readTaskMemory(dir, makeTask({ memory: ['../outside/memory.yaml'] })),
    refusal(/^task_templates\/T1\/task\.yaml:1: memory: \.\.\/outside\/memory\.yaml leaves the workspace/),
  );
  await assert.rejects(
    readTaskMemory(dir, makeTask({ memory: ['.git/memory.yaml'] })),
    refusal(/memory: \.git\/memory\.yaml enters `\.git\/`/),
  );
});

test('memory: a default memory.yaml that is a symlink out of the workspace is an error, not skipped or read', async (t) => {
  const dir = workspace(t);
  symlinkSync(path.join(dir, '../outside/memory.yaml'), path.join(dir, 'memory.yaml'));
  // `memory` not written in the task (fields), so these are the defaults, whose absence is fine.
  const task = makeTask({ memory: ['memory/memory.yaml', 'memory.yaml'] });
  await assert.rejects(readTaskMemory(dir, task), refusal(/memory: memory\.yaml leaves the workspace/));
  // A dangling link out of the workspace is refused too, though there is nothing to read yet.
  symlinkSync(path.join(dir, '../outside/missing.yaml'), path.join(dir, 'memory/gone.yaml'));
  await assert.rejects(
    readTaskMemory(dir, makeTask({ memory: ['memory/gone.yaml'] })),
    refusal(/memory: memory\/gone\.yaml leaves the workspace/),
  );
});

test('memory: a memory file that is not UTF-8 is an error naming its byte offset, not text with U+FFFD', async (t) => {
  const dir = workspace(t);
  writeFileSync(path.join(dir, 'memory/memory.yaml'), Buffer.from([...Buffer.from('- path: memory/caf'), 0xe9, ...Buffer.from('.md\n')]));
  await assert.rejects(
    readTaskMemory(dir, makeTask({ memory: ['memory/memory.yaml'] })),
    (e: unknown) =>
      e instanceof ValidationError && /^ {2}memory\/memory\.yaml:1: is not valid UTF-8: byte 0xE9 at byte offset 18/m.test(e.message),
  );
});
