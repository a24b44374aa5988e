import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { makeTempDir, runTaskpod, workspace, writeFiles } from '@taskpod/testing';

const MULTI = [
  '# Login backlog',
  'template: true',
  'tasks:',
  '  # requirements first',
  '  L1:',
  '    title: Requirements # keep short',
  '    pod_owner: DevPod',
  '    phase: Phase 1 - Discovery',
  '    ready: true',
  '  # then the tests',
  '  L2:',
  '    title: Tests',
  '    pod_owner: QAPod',
  '    phase: Phase 2 - Development',
  '    depends_on: [L1]',
  '',
].join('\n');

describe('taskpod split', () => {
  it('writes one file per task with its comments, then removes the original', async (t) => {
    const root = workspace(t, { 'task_templates/login/task.yaml': MULTI });
    assert.equal((await runTaskpod(root, ['next'])).code, 1);
    const result = await runTaskpod(root, ['split', 'task_templates/login/task.yaml']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /wrote task_templates\/login\/L1\/task\.yaml\nwrote task_templates\/login\/L2\/task\.yaml\nremoved task_templates\/login\/task\.yaml/,
    );
    assert.equal(existsSync(path.join(root, 'task_templates/login/task.yaml')), false);
    const l1 = readFileSync(path.join(root, 'task_templates/login/L1/task.yaml'), 'utf8');
    const l2 = readFileSync(path.join(root, 'task_templates/login/L2/task.yaml'), 'utf8');
    assert.match(l1, /^# Login backlog\ntemplate: true\ntasks:\n {2}# requirements first\n {2}L1:\n {4}title: Requirements # keep short\n/);
    assert.doesNotMatch(l1, /L2|then the tests/);
    assert.match(l2, /# then the tests\n {2}L2:\n {4}title: Tests\n/);
    assert.doesNotMatch(l2, /L1:|requirements first/);
    assert.equal((await runTaskpod(root, ['next'])).stdout, 'L1\n');
  });

  it('refuses to overwrite and writes nothing', async (t) => {
    const root = workspace(t, { 'task_templates/login/task.yaml': MULTI });
    writeFiles(root, { 'task_templates/login/L2/task.yaml': 'id: L2\n' });
    const result = await runTaskpod(root, ['split', 'task_templates/login/task.yaml']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Refusing to overwrite task_templates\/login\/L2\/task\.yaml; nothing was written/);
    assert.equal(existsSync(path.join(root, 'task_templates/login/L1/task.yaml')), false);
    assert.equal(readFileSync(path.join(root, 'task_templates/login/task.yaml'), 'utf8'), MULTI);
  });

  it('leaves a one-task file alone and rejects files without a tasks map', async (t) => {
    const root = workspace(t, { 'one/task.yaml': 'tasks:\n  a:\n    title: A\n', 'flat/task.yaml': 'id: a\n' });
    assert.deepEqual(await runTaskpod(root, ['split', 'one/task.yaml']), {
      code: 0,
      stdout: 'one/task.yaml holds 1 task; nothing to split.\n',
      stderr: '',
    });
    const flat = await runTaskpod(root, ['split', 'flat/task.yaml']);
    assert.equal(flat.code, 1);
    assert.match(flat.stderr, /flat\/task\.yaml has no `tasks:` map/);
    assert.equal((await runTaskpod(root, ['split'])).code, 2);
    assert.equal((await runTaskpod(root, ['split', 'missing.yaml'])).code, 1);
  });

  it('refuses a key that is not a task id, such as `..`, writes nothing and keeps the source', async (t) => {
    const text = 'tasks:\n  "..":\n    title: Up\n  L2:\n    title: Tests\n  "--help":\n    title: Opt\n';
    const root = workspace(t, { 'task_templates/login/task.yaml': text });
    const result = await runTaskpod(root, ['split', 'task_templates/login/task.yaml']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /task_templates\/login\/task\.yaml: every key under `tasks:` must be a valid task id; nothing was written/);
    assert.match(result.stderr, /task_templates\/login\/task\.yaml:2: id: must not be `\.` or `\.\.`/);
    assert.match(result.stderr, /task_templates\/login\/task\.yaml:6: id: must not start with `-`/);
    assert.equal(readFileSync(path.join(root, 'task_templates/login/task.yaml'), 'utf8'), text);
    assert.equal(existsSync(path.join(root, 'task_templates/task.yaml')), false, 'nothing written above the folder');
    assert.equal(existsSync(path.join(root, 'task_templates/login/L2')), false);
  });

  it('refuses to write through a folder symlinked out of the workspace, and a source that is not UTF-8', async (t) => {
    const outside = makeTempDir();
    t.after(outside.cleanup);
    const root = workspace(t, { 'task_templates/login/task.yaml': MULTI });
    symlinkSync(outside.dir, path.join(root, 'task_templates/login/L2'));
    const result = await runTaskpod(root, ['split', 'task_templates/login/task.yaml']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Refusing to write task_templates\/login\/L2\/task\.yaml: it resolves to .*, which leaves the workspace/);
    assert.deepEqual(readdirSync(outside.dir), []);
    assert.equal(existsSync(path.join(root, 'task_templates/login/L1')), false);
    assert.equal(readFileSync(path.join(root, 'task_templates/login/task.yaml'), 'utf8'), MULTI);

    const latin1 = Buffer.from(MULTI.replace('Tests', 'T\u00e9sts'), 'latin1');
    writeFileSync(path.join(root, 'task_templates/login/task.yaml'), latin1);
    rmSync(path.join(root, 'task_templates/login/L2'));
    const bytes = await runTaskpod(root, ['split', 'task_templates/login/task.yaml']);
    assert.equal(bytes.code, 1);
    assert.match(
      bytes.stderr,
      /task_templates\/login\/task\.yaml:12: is not valid UTF-8: byte 0xE9 at byte offset \d+.*; nothing was written/,
    );
    assert.deepEqual(readFileSync(path.join(root, 'task_templates/login/task.yaml')), latin1);
    assert.equal(existsSync(path.join(root, 'task_templates/login/L1')), false);
  });
});
