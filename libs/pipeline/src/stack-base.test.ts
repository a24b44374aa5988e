import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeTask } from '@taskpod/core';
import { commitFiles, git, makeWorkspace } from '@taskpod/testing';
import { resolveStackStart } from './stack-base';
import { pullRequestBaseOf } from './stack-pull-request';

/** A workspace with a `taskpod/<id>` branch per entry, each one commit on `from` (default main). */
function workspaceWithBranches(
  t: { after: (fn: () => void) => void },
  branches: Record<string, { files: Record<string, string>; from?: string }>,
) {
  const ws = makeWorkspace(t);
  for (const [id, { files, from }] of Object.entries(branches)) {
    git(ws.root, 'checkout', '-q', '-b', `taskpod/${id}`, from ?? 'main');
    commitFiles(ws.root, files, `${id}: work\n\nTask-Id: ${id}`);
  }
  git(ws.root, 'checkout', '-q', 'main');
  const base = { commit: git(ws.root, 'rev-parse', 'main'), tree: git(ws.root, 'rev-parse', 'main^{tree}') };
  const tip = (id: string) => git(ws.root, 'rev-parse', `taskpod/${id}`);
  return { ...ws, base, tip };
}

describe('resolveStackStart', () => {
  it('starts a task with several unmerged dependencies from a merge of them; its PR goes to the base', async (t) => {
    const ws = workspaceWithBranches(t, { '2.1': { files: { 'src/s.js': 's\n' } }, '2.3': { files: { 'src/u.js': 'u\n' } } });
    const task = makeTask({ id: '3.1', dependsOn: ['2.1', '2.3'] });
    const stack = await resolveStackStart(ws.ctx, task, ws.base);
    assert.deepEqual(stack.stackedOn, [
      { task_id: '2.1', branch: 'taskpod/2.1', commit: ws.tip('2.1') },
      { task_id: '2.3', branch: 'taskpod/2.3', commit: ws.tip('2.3') },
    ]);
    assert.deepEqual(git(ws.root, 'log', '-1', '--format=%P', stack.start).split(' '), [ws.tip('2.1'), ws.tip('2.3')]);
    assert.equal(git(ws.root, 'rev-parse', `${stack.start}^{tree}`), stack.startTree);
    assert.deepEqual(git(ws.root, 'ls-tree', '-r', '--name-only', stack.start, 'src').split('\n'), ['src/a.ts', 'src/s.js', 'src/u.js']);
    const record = { base_branch: 'main', stacked_on: stack.stackedOn } as Parameters<typeof pullRequestBaseOf>[0];
    assert.equal(pullRequestBaseOf(record), 'main');
    assert.equal(pullRequestBaseOf({ ...record, stacked_on: stack.stackedOn.slice(0, 1) }), 'taskpod/2.1');
    assert.equal(git(ws.root, 'status', '--porcelain'), '');
  });

  it('leaves out a dependency merged into the base, one another contains, and one without a branch', async (t) => {
    const ws = workspaceWithBranches(t, {
      '2.1': { files: { 'src/s.js': 's\n' } },
      '2.2': { files: { 'src/s.test.js': 't\n' }, from: 'taskpod/2.1' },
      '1.1': { files: { 'docs/req.md': 'r\n' } },
    });
    git(ws.root, 'merge', '-q', '--no-ff', '-m', 'merge 1.1', 'taskpod/1.1');
    const base = { commit: git(ws.root, 'rev-parse', 'main'), tree: git(ws.root, 'rev-parse', 'main^{tree}') };
    const task = makeTask({ id: '3.1', dependsOn: ['1.1', '2.1', '2.2', '9.9'] });
    const stack = await resolveStackStart(ws.ctx, task, base);
    assert.deepEqual(stack, {
      start: ws.tip('2.2'),
      startTree: git(ws.root, 'rev-parse', 'taskpod/2.2^{tree}'),
      stackedOn: [{ task_id: '2.2', branch: 'taskpod/2.2', commit: ws.tip('2.2') }],
    });
    assert.deepEqual(await resolveStackStart(ws.ctx, makeTask({ id: '3.2', dependsOn: ['1.1'] }), base), {
      start: base.commit,
      startTree: base.tree,
      stackedOn: [],
    });
  });

  it('names the conflicting files when the dependencies cannot be merged', async (t) => {
    const ws = workspaceWithBranches(t, { '2.1': { files: { 'src/a.ts': 'from 2.1\n' } }, '2.3': { files: { 'src/a.ts': 'from 2.3\n' } } });
    await assert.rejects(
      resolveStackStart(ws.ctx, makeTask({ id: '3.1', dependsOn: ['2.1', '2.3'] }), ws.base),
      /Task 3\.1 depends on taskpod\/2\.1, taskpod\/2\.3, which conflict with each other in src\/a\.ts.*Nothing was changed/,
    );
  });
});
