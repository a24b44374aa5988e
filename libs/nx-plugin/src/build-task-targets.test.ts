import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG, makeTask } from '@taskpod/core';
import { buildRunInputs, buildTaskTargets } from './build-task-targets';
import { hashTaskFields } from './task-hash';

const names = DEFAULT_CONFIG.targetNames;
const noEdges = { dependsOn: [], after: [], barrier: null };

test('run waits for the log of depends_on and overlap tasks, the run of depends_on tasks, and the barrier', () => {
  const task = makeTask({ id: 'B', dependsOn: ['A'] });
  const targets = buildTaskTargets(task, { dependsOn: ['A'], after: ['X'], barrier: 'phase-barrier/1' }, names);
  assert.deepEqual(targets.run!.dependsOn, [
    { projects: ['A', 'X'], target: 'log' },
    { projects: ['A'], target: 'run' },
    { projects: ['phase-barrier/1'], target: 'barrier' },
  ]);
  assert.deepEqual(targets.patch!.dependsOn, ['run']);
  assert.deepEqual(targets.apply!.dependsOn, ['patch']);
  assert.deepEqual(targets.log!.dependsOn, ['apply']);
});

test('run and patch are cacheable with declared outputs; apply and log are not', () => {
  const targets = buildTaskTargets(makeTask({ id: 'T7' }), noEdges, names);
  assert.equal(targets.run!.cache, true);
  assert.deepEqual(targets.run!.outputs, ['{workspaceRoot}/.patches/T7/files', '{workspaceRoot}/.patches/T7/run.json']);
  assert.equal(targets.patch!.cache, true);
  assert.deepEqual(targets.patch!.outputs, [
    '{workspaceRoot}/.patches/patch_????????_??????_T7.*',
    '{workspaceRoot}/.patches/T7/patch.json',
  ]);
  assert.deepEqual(targets.patch!.inputs, [{ dependentTasksOutputFiles: '**/*', transitive: false }]);
  assert.equal(targets.apply!.cache, false);
  assert.equal(targets.log!.cache, false);
  assert.equal(targets.run!.dependsOn, undefined, 'a task with nothing upstream waits for nothing');
  for (const target of Object.values(targets)) assert.ok(target.metadata!.description!.length > 0, 'every target says what it does');
});

test('the run inputs are the prompt, memory, inputs (and the files of a folder), feedback file, provider env and upstream files', () => {
  const task = makeTask({
    id: 'T1',
    prompt: 'prompts/dev.md',
    memory: ['memory/memory.yaml'],
    inputs: ['./docs/spec.md', 'src/**/*.ts', 'design/', 'assets'],
  });
  assert.deepEqual(buildRunInputs(task), [
    '{workspaceRoot}/prompts/dev.md',
    '{workspaceRoot}/memory/memory.yaml',
    '{workspaceRoot}/docs/spec.md',
    '{workspaceRoot}/src/**/*.ts',
    '{workspaceRoot}/design',
    '{workspaceRoot}/design/**/*',
    '{workspaceRoot}/assets',
    '{workspaceRoot}/assets/**/*',
    '{workspaceRoot}/.logs/feedback/T1.md',
    { env: 'TASKPOD_PROVIDER' },
    { env: 'TASKPOD_MODEL' },
    { env: 'OPENAI_BASE_URL' },
    { dependentTasksOutputFiles: '**/files/**/*', transitive: false },
  ]);
});

test('custom target names are used for the targets and their dependsOn', () => {
  const custom = { run: 'ai-run', patch: 'ai-patch', apply: 'ai-apply', log: 'ai-log' };
  const targets = buildTaskTargets(makeTask({ id: 'B' }), { dependsOn: ['A'], after: [], barrier: null }, custom);
  assert.deepEqual(Object.keys(targets), ['ai-run', 'ai-patch', 'ai-apply', 'ai-log']);
  assert.deepEqual(targets['ai-run']!.dependsOn, [
    { projects: ['A'], target: 'ai-log' },
    { projects: ['A'], target: 'ai-run' },
  ]);
  assert.deepEqual(targets['ai-log']!.dependsOn, ['ai-apply']);
});

test('the task hash ignores bookkeeping fields and key order, and sees everything else', () => {
  const base = makeTask({ id: 'T1', fields: { id: 'T1', description: 'Do it', phase: 1, status: 'ready' } });
  const bookkeeping = makeTask({
    id: 'T1',
    fields: { status: 'done', phase: 1, description: 'Do it', id: 'T1', updated_at: '2026-01-02', done: true, ready: false },
  });
  const edited = makeTask({ id: 'T1', fields: { id: 'T1', description: 'Do it better', phase: 1, status: 'ready' } });
  const provider = makeTask({ id: 'T1', fields: { id: 'T1', description: 'Do it', phase: 1, status: 'ready', model: 'gpt-x' } });
  assert.equal(hashTaskFields(base), hashTaskFields(bookkeeping));
  assert.notEqual(hashTaskFields(base), hashTaskFields(edited));
  assert.notEqual(hashTaskFields(base), hashTaskFields(provider));
  assert.equal(buildTaskTargets(base, noEdges, names).run!.options.taskHash, hashTaskFields(base));
});
