import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { git, makeNxWorkspace, sortedLines, taskHash, type NxWorkspace } from '@taskpod/testing';
import { BACKLOG } from './backlog-fixture';

describe('the plugin seen through the nx CLI', () => {
  let ws: NxWorkspace;
  before(() => {
    ws = makeNxWorkspace(BACKLOG);
  });
  after(() => ws.cleanup());

  test('nx show projects lists every task and the phase barrier; tags select tasks', () => {
    const all = ws.nx(['show', 'projects'], { NX_ISOLATE_PLUGINS: 'true' });
    assert.equal(all.status, 0, all.stderr);
    assert.deepEqual(sortedLines(all.stdout), ['A', 'B', 'C', 'E', 'X', 'phase-barrier/1', 'phase-barrier/2']);
    assert.deepEqual(sortedLines(ws.nx(['show', 'projects', '--projects=tag:status:ready']).stdout), ['A', 'C']);
    assert.deepEqual(sortedLines(ws.nx(['show', 'projects', '--projects=tag:pod:DocPod']).stdout), ['C', 'X']);
    assert.deepEqual(sortedLines(ws.nx(['show', 'projects', '--projects=tag:phase:none']).stdout), ['E', 'X']);
  });

  test('nx show project gives the root, tags, targets and the inputs of the cache key', () => {
    const shown = ws.nx(['show', 'project', 'C', '--json']);
    assert.equal(shown.status, 0, shown.stderr);
    const project = JSON.parse(shown.stdout);
    assert.equal(project.root, 'task_templates/c');
    assert.deepEqual(project.tags, ['taskpod', 'status:ready', 'pod:DocPod', 'phase:2', 'priority:high']);
    assert.deepEqual(Object.keys(project.targets), ['run', 'patch', 'apply', 'log']);
    const { run, patch, apply, log } = project.targets;
    assert.equal(run.executor, 'taskpod:run');
    assert.deepEqual([run.cache, patch.cache, apply.cache, log.cache], [true, true, false, false]);
    assert.deepEqual(run.dependsOn, [{ projects: ['phase-barrier/1'], target: 'barrier' }]);
    assert.deepEqual(
      run.inputs.filter((i: unknown) => typeof i === 'string'),
      [
        '{workspaceRoot}/memory/memory.yaml',
        '{workspaceRoot}/task_templates/c/memory.yaml',
        '{workspaceRoot}/docs/**/*.md',
        '{workspaceRoot}/.logs/feedback/C.md',
      ],
    );
    assert.match(run.options.taskHash, /^[0-9a-f]{32}$/);
    assert.equal(project.metadata.description, 'Document feature A');
    for (const target of [run, patch, apply, log]) assert.ok(target.metadata.description, 'every target has a description');
    assert.equal(project.projectType, 'library', 'declared, so Nx does not probe the folder for it');
  });

  test('nx graph draws depends_on and each phase around its barrier; the task graph holds the whole barrier', () => {
    assert.equal(ws.nx(['graph', '--file=graph.json']).status, 0);
    const graph = JSON.parse(readFileSync(path.join(ws.dir, 'graph.json'), 'utf8')).graph;
    const edges = Object.entries(graph.dependencies as Record<string, { target: string }[]>).flatMap(([from, deps]) =>
      deps.map((d) => `${from}->${d.target}`),
    );
    assert.deepEqual(edges.sort(), [
      'B->A',
      'phase-barrier/1->A',
      'phase-barrier/1->B',
      'phase-barrier/2->C',
      'phase-barrier/2->phase-barrier/1',
    ]);
    const planned = ws.nx(['run-many', '-t', 'run', '--graph=tasks.json']);
    assert.equal(planned.status, 0, planned.stderr);
    const tasks = JSON.parse(readFileSync(path.join(ws.dir, 'tasks.json'), 'utf8')).tasks.dependencies;
    assert.deepEqual(tasks['C:run'], ['phase-barrier/1:barrier']);
    assert.deepEqual(tasks['phase-barrier/1:barrier'].sort(), ['A:log', 'B:log']);
    assert.deepEqual(tasks['B:run'].sort(), ['A:log', 'A:run']);
    assert.deepEqual(tasks['X:run'], [], 'no numeric phase: outside the barrier');
    assert.deepEqual(tasks['A:log'], ['A:apply']);
  });

  test('nx affected marks exactly the tasks whose prompt, memory, inputs, feedback or task.yaml changed, plus dependents and their barriers', () => {
    // A barrier is affected with its phase's tasks (it has no run or log, so nothing more runs).
    const BARRIERS = ['phase-barrier/1', 'phase-barrier/2'];
    const affectedBy = (file: string, content: string) => {
      const full = path.join(ws.dir, file);
      const before = readFileOrNull(full);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, content);
      try {
        const result = ws.nx(['show', 'projects', '--affected', `--base=${ws.base}`]);
        assert.equal(result.status, 0, result.stderr);
        return sortedLines(result.stdout);
      } finally {
        if (before === null) rmSync(full);
        else writeFileSync(full, before);
      }
    };
    assert.deepEqual(affectedBy('prompts/dev.md', 'Changed prompt\n'), ['A', 'B', ...BARRIERS]);
    assert.deepEqual(affectedBy('memory/qa.yaml', '- path: docs/other.md\n'), ['B', ...BARRIERS]);
    assert.deepEqual(affectedBy('memory/memory.yaml', '- path: docs/x.md\n'), ['A', 'B', 'C', 'X', ...BARRIERS]);
    assert.deepEqual(affectedBy('docs/guide.md', '# Guide v2\n'), ['C', 'phase-barrier/2']);
    assert.deepEqual(affectedBy('docs/spec.md', '# Spec v2\n'), ['A', 'B', 'C', ...BARRIERS]);
    assert.deepEqual(
      affectedBy(
        'task_templates/c/task.yaml',
        BACKLOG['task_templates/c/task.yaml']!.replace('ready: true', 'ready: true\n    updated_at: 2026-11-24'),
      ),
      ['C', 'phase-barrier/2'],
    );
    assert.deepEqual(affectedBy('.logs/feedback/A.md', '## Feedback\nUse a Map.\n'), ['A', 'B', ...BARRIERS]);
    assert.deepEqual(affectedBy('unrelated.txt', 'nothing\n'), []);
  });

  test('the cache key of run: upstream output files and task fields count; run.json and updated_at do not', () => {
    const files = path.join(ws.dir, '.patches/A/files/src');
    mkdirSync(files, { recursive: true });
    writeFileSync(path.join(files, 'a.ts'), 'export const a = 1;\n');
    writeFileSync(path.join(ws.dir, '.patches/A/run.json'), '{"started_at":"2026-11-24T01:00:00Z"}');
    const taskFile = path.join(ws.dir, 'task_templates/b/task.yaml');
    const original = readFileSync(taskFile, 'utf8');
    try {
      const first = taskHash(ws, 'B:run');
      writeFileSync(path.join(ws.dir, '.patches/A/run.json'), '{"started_at":"2026-11-24T02:00:00Z"}');
      writeFileSync(taskFile, `${original}updated_at: 2026-11-24T02:00:00Z\n`);
      assert.equal(taskHash(ws, 'B:run'), first, 'run.json of upstream and updated_at are bookkeeping');
      writeFileSync(path.join(files, 'a.ts'), 'export const a = 2;\n');
      const second = taskHash(ws, 'B:run');
      assert.notEqual(second, first, 'the upstream task wrote something else');
      writeFileSync(taskFile, original.replace('Test feature A', 'Test feature A thoroughly'));
      assert.notEqual(taskHash(ws, 'B:run'), second, 'the description is what the model is asked');
    } finally {
      writeFileSync(taskFile, original);
      rmSync(path.join(ws.dir, '.patches'), { recursive: true, force: true });
    }
  });

  test('a done task is a no-op in all four targets; a task that is not ready fails saying so', () => {
    const done = ws.nx(['run', 'E:log']);
    assert.equal(done.status, 0, done.stdout + done.stderr);
    for (const step of ['run', 'patch', 'apply', 'log']) assert.match(done.stdout, new RegExp(`E is done: \`${step}\` has nothing to do`));
    const notReady = ws.nx(['run', 'X:run']);
    assert.equal(notReady.status, 1);
    assert.match(notReady.stdout + notReady.stderr, /Task X is not ready: its status is `backlog`/);
    assert.equal(readFileOrNull(path.join(ws.dir, '.patches/X/run.json')), null);
  });

  test('bad task files fail the graph with file and line, each file named, the good ones still parsed', () => {
    writeFileSync(path.join(ws.dir, 'task_templates/x/task.yaml'), 'id: X\ndescription: x\nstatus: nope\n');
    git(ws.dir, 'mv', 'task_templates/e', 'task_templates/e2');
    writeFileSync(path.join(ws.dir, 'task_templates/e2/task.yaml'), 'id: E\ndepends_on: [NOPE]\n');
    try {
      const result = ws.nx(['show', 'projects']);
      assert.equal(result.status, 1);
      const output = result.stdout + result.stderr;
      assert.match(output, /task_templates\/x\/task\.yaml:3: status: must be one of/);
      assert.match(output, /task_templates\/e2\/task\.yaml:1: depends_on: `E` depends on unknown task id `NOPE`/);
      assert.doesNotMatch(output, /task_templates\/a\/task\.yaml/);
    } finally {
      git(ws.dir, 'checkout', '-q', 'HEAD', '--', '.');
      rmSync(path.join(ws.dir, 'task_templates/e2'), { recursive: true, force: true });
    }
  });
});

function readFileOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
