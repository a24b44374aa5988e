import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { TRACE_LOG } from '@taskpod/core';
import { makeLogInputs, makeTempDir, writeFiles } from '@taskpod/testing';
import { logPatch } from './log-patch';

const TASK_FILE = 'task_templates/backlog/1.1_goals/task.yaml';
const task = { id: '1.1_goals', pod: 'DevPod', phase: 1, source: { file: TASK_FILE, shape: 'tasks-map' as const } };
const read = (root: string, rel: string) => readFileSync(path.join(root, rel), 'utf8');

test("log keeps a reply's reasoning and handoff under .logs/reasoning/ and .logs/handoff/, linked from the trace row, once", async (t) => {
  const { dir: root, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(root, { [TASK_FILE]: 'tasks:\n  1.1_goals:\n    description: x\n    status: backlog\n    ready: true\n' });
  const inputs = makeLogInputs('1.1_goals');
  inputs.run = { ...inputs.run!, reasoning: 'Goals come from the brief.', handoff: 'QAPod: check goal 2.' };
  const first = await logPatch(root, task, inputs, { now: new Date('2026-11-24T01:30:00Z') });
  assert.ok(first.written.includes('.logs/reasoning/1.1_goals.md') && first.written.includes('.logs/handoff/1.1_goals.md'));
  assert.equal(
    read(root, '.logs/reasoning/1.1_goals.md'),
    '# Reasoning: 1.1_goals\n\n## 2026-11-24T01:30:00Z (patch_20261124_010000_1.1_goals.diff)\n\nGoals come from the brief.\n',
  );
  assert.match(read(root, '.logs/handoff/1.1_goals.md'), /QAPod: check goal 2\./);
  assert.match(
    read(root, TRACE_LOG),
    /\| 1\.1_goals \[reasoning\]\(reasoning\/1\.1_goals\.md\) \[handoff\]\(handoff\/1\.1_goals\.md\) \| DevPod \|/,
  );
  const again = await logPatch(root, task, inputs, { now: new Date('2026-11-24T02:00:00Z') });
  assert.deepEqual(again.written, []);
});

test('a reply without reasoning or handoff writes neither file and links nothing', async (t) => {
  const { dir: root, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(root, { [TASK_FILE]: 'tasks:\n  1.1_goals:\n    description: x\n    status: ready\n' });
  await logPatch(root, task, makeLogInputs('1.1_goals'), { now: new Date('2026-11-24T01:30:00Z') });
  assert.equal(existsSync(path.join(root, '.logs/reasoning')), false);
  assert.match(read(root, TRACE_LOG), /\| 1\.1_goals \| DevPod \|/);
});
