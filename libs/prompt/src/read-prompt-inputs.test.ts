import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { UserError, makeTask } from '@taskpod/core';
import { makeTempDir, writeFiles } from '@taskpod/testing';
import { MEMORY_INLINE_LIMIT, readPromptInputs } from './read-prompt-inputs';

const entry = (path: string, over: Record<string, unknown> = {}) => ({
  path,
  description: null,
  tags: [],
  fileType: null,
  podOwner: null,
  category: null,
  repo: null,
  ref: null,
  source: 'memory/memory.yaml',
  ...over,
});

test('read: template, memory contents, inputs (file, folder, glob), upstream outputs and feedback', (t) => {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(dir, {
    'prompts/t.liquid': 'Hi {{ task.id }}',
    'memory/small.md': 'small memory',
    'memory/big.md': 'b'.repeat(MEMORY_INLINE_LIMIT + 1),
    'src/a.ts': 'a',
    'src/lib/b.ts': 'b',
    'src/c.md': 'c',
    'assets/logo.png': Buffer.from([0x89, 0, 1, 2]),
    '.patches/UP/files/docs/x.md': 'from upstream',
    '.logs/feedback/T1.md': '# Feedback: T1\n\n## Run 2026-01-01T00:00:00Z\n> a run section\n\n## Human feedback\nfeedback text\n',
  });
  const task = makeTask({
    id: 'T1',
    prompt: 'prompts/t.liquid',
    inputs: ['src/**/*.ts', 'src/c.md', 'src/lib', 'assets/logo.png'],
    dependsOn: ['UP', 'NEVER-RAN'],
  });
  const read = readPromptInputs(dir, task, {
    memory: [entry('memory/small.md'), entry('memory/big.md'), entry('memory/missing.md'), entry('rules.md', { repo: 'acme/x' })],
  });
  assert.deepEqual(read.template, { path: 'prompts/t.liquid', text: 'Hi {{ task.id }}' });
  assert.deepEqual(
    read.memory.map((m) => m.content),
    ['small memory', null, null, null],
  );
  assert.deepEqual(read.inputs, [
    { path: 'src/a.ts', content: 'a' },
    { path: 'src/lib/b.ts', content: 'b' },
    { path: 'src/c.md', content: 'c' },
    { path: 'assets/logo.png', content: '[binary file, 4 bytes, not shown]' },
  ]);
  assert.deepEqual(read.upstream, [{ task: 'UP', path: 'docs/x.md', content: 'from upstream' }]);
  assert.equal(read.feedback, 'feedback text');
});

test('read: a missing template, or an input outside the workspace, names the task file and field', (t) => {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  assert.throws(
    () => readPromptInputs(dir, makeTask({ prompt: 'prompts/none.liquid' }), { memory: [] }),
    (e: unknown) =>
      e instanceof UserError && /^task_templates\/T1\/task\.yaml:1: prompt: prompts\/none\.liquid cannot be read/.test(e.message),
  );
  assert.throws(
    () => readPromptInputs(dir, makeTask({ inputs: ['../secret/**'] }), { memory: [] }),
    /inputs: \.\.\/secret\/\*\* leaves the workspace/,
  );
  assert.deepEqual(readPromptInputs(dir, makeTask({ inputs: ['nothing/**/*.ts'] }), { memory: [] }).inputs, [], 'a glob may match nothing');
});

test('read: an input that does not exist yet, a glob or a <feature_id> path matching nothing, is a note, not a failure', (t) => {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(dir, { 'docs/specs/spec_login.md': 'login spec' });
  const task = makeTask({
    inputs: ['docs/project_goals.md', 'docs/specs/spec_<feature_id>.md', 'src/feature_<feature_id>/**/*', 'docs/research/*.md'],
  });
  const read = readPromptInputs(dir, task, { memory: [], notes: ['Live memory was not fetched.'] });
  assert.deepEqual(read.inputs, [{ path: 'docs/specs/spec_login.md', content: 'login spec' }], '<feature_id> matches one path segment');
  assert.deepEqual(read.notes, [
    'Live memory was not fetched.',
    'Input `docs/project_goals.md` does not exist yet.',
    'Input `src/feature_<feature_id>/**/*` matches no file yet.',
    'Input `docs/research/*.md` matches no file yet.',
  ]);
});

/** A workspace beside an `outside/` folder holding a secret, with links out of the workspace and into .git/. */
function confinedWorkspace(t: { after: (fn: () => void) => void }) {
  const { dir: parent, cleanup } = makeTempDir();
  t.after(cleanup);
  const dir = path.join(parent, 'ws');
  writeFiles(parent, { 'outside/secret.txt': 'TOP SECRET', 'outside/dir/more.txt': 'MORE SECRET' });
  writeFiles(dir, { 'notes/own.md': 'own notes', '.git/config': '[core]\n', 'prompts/t.liquid': 'Hi' });
  symlinkSync(path.join(parent, 'outside/secret.txt'), path.join(dir, 'notes/linked.txt'));
  symlinkSync(path.join(parent, 'outside/dir'), path.join(dir, 'notes/ext'));
  symlinkSync('.git', path.join(dir, 'gitlink'));
  return dir;
}

/** Asserts a read fails with a UserError naming the field and the file, and never with the secret. */
function refuses(read: () => unknown, field: RegExp) {
  assert.throws(read, (e: unknown) => {
    assert.ok(e instanceof UserError, String(e));
    assert.match(e.message, field);
    assert.doesNotMatch(e.message, /SECRET/);
    return true;
  });
}

test('read: a prompt, input or memory entry outside the workspace is an error naming the field and the file', (t) => {
  const dir = confinedWorkspace(t);
  const none = { memory: [] };
  refuses(
    () => readPromptInputs(dir, makeTask({ prompt: '../outside/secret.txt' }), none),
    /^task_templates\/T1\/task\.yaml:1: prompt: \.\.\/outside\/secret\.txt leaves the workspace/,
  );
  refuses(
    () => readPromptInputs(dir, makeTask({ memory: [] }), { memory: [entry('../outside/secret.txt')] }),
    /^memory\/memory\.yaml: path: \.\.\/outside\/secret\.txt leaves the workspace/,
  );
  refuses(
    () => readPromptInputs(dir, makeTask({ memory: [] }), { memory: [entry('notes/linked.txt')] }),
    /memory\.yaml: path: notes\/linked\.txt leaves the workspace/,
  );
  refuses(() => readPromptInputs(dir, makeTask({ prompt: 'gitlink/config' }), none), /prompt: gitlink\/config enters `\.git\/`/);
});

test('read: an input that is, or a glob that matches, a symlink out of the workspace is an error before anything is read', (t) => {
  const dir = confinedWorkspace(t);
  const none = { memory: [] };
  refuses(
    () => readPromptInputs(dir, makeTask({ inputs: ['notes/linked.txt'] }), none),
    /task\.yaml:1: inputs: notes\/linked\.txt leaves the workspace/,
  );
  refuses(() => readPromptInputs(dir, makeTask({ inputs: ['notes/ext'] }), none), /inputs: notes\/ext leaves the workspace/);
  refuses(
    () => readPromptInputs(dir, makeTask({ inputs: ['notes/*.txt'] }), none),
    /inputs \(notes\/\*\.txt\): notes\/linked\.txt leaves the workspace/,
  );
  // The symlinked folder: a glob walks into it, so each match is checked.
  refuses(
    () => readPromptInputs(dir, makeTask({ inputs: ['notes/ext/**'] }), none),
    /inputs \(notes\/ext\/\*\*\): notes\/ext\/more\.txt leaves the workspace/,
  );
  refuses(() => readPromptInputs(dir, makeTask({ inputs: ['gitlink/*'] }), none), /gitlink\/config enters `\.git\/`/);
  assert.deepEqual(readPromptInputs(dir, makeTask({ inputs: ['notes/own.md'] }), none).inputs, [
    { path: 'notes/own.md', content: 'own notes' },
  ]);
});

test('read: upstream outputs and feedback behind a symlink out of the workspace are errors', (t) => {
  const dir = confinedWorkspace(t);
  mkdirSync(path.join(dir, '.patches/UP'), { recursive: true });
  symlinkSync(path.join(dir, '../outside/dir'), path.join(dir, '.patches/UP/files'));
  refuses(
    () => readPromptInputs(dir, makeTask({ dependsOn: ['UP'] }), { memory: [] }),
    /depends_on: \.patches\/UP\/files leaves the workspace/,
  );
  symlinkSync(path.join(dir, '../outside'), path.join(dir, '.logs'));
  refuses(
    () => readPromptInputs(dir, makeTask({ id: 'T2' }), { memory: [] }),
    /^\.logs\/feedback\/T2\.md: feedback: \.logs\/feedback\/T2\.md leaves the workspace/,
  );
});
