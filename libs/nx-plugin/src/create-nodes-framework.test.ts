import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { makeTempDir, writeFiles } from '@taskpod/testing';
import { createTaskNodes } from './create-nodes';

function workspace(t: { after: (fn: () => void) => void }, files: Record<string, string>) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(dir, files);
  return { dir, cacheDir: path.join(dir, '.nx/workspace-data') };
}

const TEMPLATE = 'template: true\n\ntasks:\n  1.1_goals:\n    description: template\n    status: pending\n    outputs: [docs/goals.md]\n';
const INSTANCE =
  'tasks:\n  1.1_goals:\n    description: goals\n    phase: Phase 1 - Discovery\n    status: backlog\n    ready: true\n    updated_at: null\n    prompt: prompts/dev/goals.txt\n    outputs: [docs/goals.md]\n    instance_of: task_templates/P1/1.1_goals/task.yaml\n';

test("the graph reads the framework: a template its task instantiates is no project, its prompt and memory are the task's inputs, an empty file is no error", async (t) => {
  const { dir, cacheDir } = workspace(t, {
    'task_templates/P1/1.1_goals/task.yaml': TEMPLATE,
    'task_templates/P1/1.1_goals/memory.yaml': 'template: true\ngoals:\n  - path: docs/goals.md\n',
    'task_templates/P1/1.1_goals/prompt_template.md': 'Goals for {{ task_id }}',
    'task_templates/backlog/1.1_goals/task.yaml': INSTANCE,
    'task_templates/empty/task.yaml': '',
  });
  const files = ['task_templates/P1/1.1_goals/task.yaml', 'task_templates/backlog/1.1_goals/task.yaml', 'task_templates/empty/task.yaml'];
  const results = await createTaskNodes(files, { tasksGlob: 'task_templates/**/task.yaml' }, dir, cacheDir);
  const projects = results.flatMap(([, r]) => Object.entries(r.projects ?? {})).filter(([root]) => !root.startsWith('phase-barrier'));
  assert.deepEqual(
    projects.map(([root, p]) => [root, p.name]),
    [['task_templates/backlog/1.1_goals', '1.1_goals']],
  );
  const inputs = JSON.stringify(projects[0]![1].targets!.run!.inputs);
  assert.match(inputs, /task_templates\/P1\/1\.1_goals\/prompt_template\.md/);
  assert.match(inputs, /task_templates\/P1\/1\.1_goals\/memory\.yaml/);
  assert.ok(projects[0]![1].tags!.includes('status:ready'));
});

test('statusAliases reach the graph, and are part of the parse cache key', async (t) => {
  const { dir, cacheDir } = workspace(t, { 'task_templates/a/task.yaml': 'id: a\ndescription: a\nstatus: wip\n' });
  const files = ['task_templates/a/task.yaml'];
  await assert.rejects(
    async () => createTaskNodes(files, {}, dir, cacheDir),
    (e: { errors?: [string, Error][] }) => /status: must be one of .*got `wip`/.test(String(e.errors?.[0]?.[1].message)),
  );
  const results = await createTaskNodes(files, { statusAliases: { wip: 'in_progress' } }, dir, cacheDir);
  assert.ok(results[0]![1].projects!['task_templates/a']!.tags!.includes('status:in_progress'));
});
