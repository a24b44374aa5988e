import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildConfig, parseTaskFile } from '@taskpod/core';
import { buildWorkspaceNodes } from './build-workspace-nodes';

/** Parses `{ 'dir/task.yaml': text }` the way createNodes does. */
function parse(files: Record<string, string>) {
  return Object.entries(files).map(([file, text]) => ({ file, result: parseTaskFile(text, file) }));
}

const projectsOf = (results: ReturnType<typeof buildWorkspaceNodes>['results']) =>
  Object.fromEntries(results.flatMap(([, r]) => Object.values(r.projects ?? {})).map((p) => [p.name!, p]));

const backlog = {
  'tasks/a/task.yaml': 'id: A\ndescription: a\nphase: 1\npod: DevPod\nstatus: ready\noutputs: [src/shared.ts]\n',
  'tasks/b/task.yaml': 'id: B\ndescription: b\nphase: 1\npod: QAPod\nstatus: backlog\npriority: true\noutputs: [src/shared.ts]\n',
  'tasks/c/task.yaml': 'tasks:\n  C:\n    description: c\n    phase: "Phase 2 - Development"\n    ready: true\n    depends_on: [A]\n',
  'tasks/d/task.yaml': 'id: D\ndescription: d\nphase: 3\nstatus: done\n',
  'tasks/x/task.yaml': 'id: X\ndescription: x\nphase: Cross-Phase\n',
};

test('one project per task with its tags, and one barrier project per numeric phase', () => {
  const { results, issues } = buildWorkspaceNodes(parse(backlog), buildConfig({ tasksGlob: 'tasks/**/task.yaml' }));
  assert.deepEqual(
    issues.filter((i) => i.severity !== 'warning'),
    [],
  );
  const projects = projectsOf(results);
  assert.deepEqual(Object.keys(projects).sort(), ['A', 'B', 'C', 'D', 'X', 'phase-barrier/1', 'phase-barrier/2', 'phase-barrier/3']);
  assert.equal(projects.C!.root, 'tasks/c');
  assert.deepEqual(projects.A!.tags, ['taskpod', 'status:ready', 'pod:DevPod', 'phase:1', 'priority:medium']);
  assert.deepEqual(projects.B!.tags, ['taskpod', 'status:backlog', 'pod:QAPod', 'phase:1', 'priority:high']);
  assert.deepEqual(projects.X!.tags, ['taskpod', 'status:backlog', 'pod:none', 'phase:none', 'priority:medium']);
  assert.deepEqual(projects['phase-barrier/2']!.tags, ['taskpod', 'taskpod:phase-barrier', 'phase:2']);
  assert.deepEqual(projects.C!.implicitDependencies, ['A']);
  assert.deepEqual(projects['phase-barrier/1']!.targets!.barrier!.dependsOn, [{ projects: ['A', 'B'], target: 'log' }]);
  assert.deepEqual(projects['phase-barrier/2']!.targets!.barrier!.dependsOn, [
    { projects: ['C'], target: 'log' },
    { projects: ['phase-barrier/1'], target: 'barrier' },
  ]);
  assert.deepEqual(projects['phase-barrier/3']!.targets!.barrier!.dependsOn, [{ projects: ['phase-barrier/2'], target: 'barrier' }]);
  assert.deepEqual(projects.C!.targets!.run!.dependsOn, [
    { projects: ['A'], target: 'log' },
    { projects: ['A'], target: 'run' },
    { projects: ['phase-barrier/1'], target: 'barrier' },
  ]);
  assert.deepEqual(projects.D!.targets!.run!.dependsOn, [{ projects: ['phase-barrier/2'], target: 'barrier' }]);
  assert.equal(projects.X!.targets!.run!.dependsOn, undefined, 'no numeric phase: outside the barrier');
});

test('project edges draw each phase around its barrier and the barriers in order, never task to barrier', () => {
  const projects = projectsOf(buildWorkspaceNodes(parse(backlog), buildConfig({ tasksGlob: 'tasks/**/task.yaml' })).results);
  assert.deepEqual(projects['phase-barrier/1']!.implicitDependencies, ['A', 'B']);
  assert.deepEqual(projects['phase-barrier/2']!.implicitDependencies, ['C', 'phase-barrier/1']);
  assert.deepEqual(projects['phase-barrier/3']!.implicitDependencies, ['D', 'phase-barrier/2'], 'a done task is drawn in its phase');
  // A task edge to its barrier would let `nx affected` walk from A through phase-barrier/1 to C and on.
  for (const id of ['A', 'B', 'D', 'X']) assert.equal(projects[id]!.implicitDependencies, undefined, id);
  assert.deepEqual(projects.C!.implicitDependencies, ['A'], 'depends_on only');
});

test('done and cancelled tasks are not waited for; the barrier chain still holds a later phase back', () => {
  const files = {
    't/a/task.yaml': 'id: A\ndescription: a\nphase: 1\nstatus: ready\n',
    't/b/task.yaml': 'id: B\ndescription: b\nphase: 2\nstatus: done\n',
    't/c/task.yaml': 'id: C\ndescription: c\nphase: 2\nstatus: cancelled\n',
    't/d/task.yaml': 'id: D\ndescription: d\nphase: 3\nstatus: ready\n',
  };
  const projects = projectsOf(buildWorkspaceNodes(parse(files), buildConfig({ tasksGlob: 't/**/task.yaml' })).results);
  assert.deepEqual(projects['phase-barrier/2']!.targets!.barrier!.dependsOn, [{ projects: ['phase-barrier/1'], target: 'barrier' }]);
  assert.deepEqual(projects['phase-barrier/1']!.targets!.barrier!.dependsOn, [{ projects: ['A'], target: 'log' }]);
  assert.deepEqual(projects.D!.targets!.run!.dependsOn, [{ projects: ['phase-barrier/2'], target: 'barrier' }]);
});

test('a single numeric phase orders nothing: no barrier project', () => {
  const files = { 't/a/task.yaml': 'id: A\ndescription: a\nphase: 1\n', 't/x/task.yaml': 'id: X\ndescription: x\n' };
  const projects = projectsOf(buildWorkspaceNodes(parse(files), buildConfig({ tasksGlob: 't/**/task.yaml' })).results);
  assert.deepEqual(Object.keys(projects).sort(), ['A', 'X']);
});

test('the barrier grows linearly: N tasks per phase give N edges in and N edges out, in both graphs', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 50; i++) files[`t/p1-${i}/task.yaml`] = `id: P1-${i}\ndescription: x\nphase: 1\n`;
  for (let i = 0; i < 50; i++) files[`t/p2-${i}/task.yaml`] = `id: P2-${i}\ndescription: x\nphase: 2\n`;
  const projects = projectsOf(buildWorkspaceNodes(parse(files), buildConfig({ tasksGlob: 't/**/task.yaml' })).results);
  const taskEdges = Object.values(projects).flatMap((p) =>
    Object.values(p.targets!).flatMap((t) => (t.dependsOn ?? []).flatMap((d) => (typeof d === 'object' && d.projects ? d.projects : []))),
  );
  // 50 + 50 logs into the two barriers, barrier 2 on barrier 1, and 50 runs of phase 2 waiting for barrier 1.
  assert.equal(taskEdges.length, 151);
  const projectEdges = Object.values(projects).flatMap((p) => p.implicitDependencies ?? []);
  assert.equal(projectEdges.length, 101); // each barrier to its 50 tasks, barrier 2 to barrier 1
});

test('without the phase barrier, overlapping outputs order the later task after the earlier one', () => {
  const config = buildConfig({ tasksGlob: 'tasks/**/task.yaml', phaseBarrier: false });
  const projects = projectsOf(buildWorkspaceNodes(parse(backlog), config).results);
  assert.equal(projects['phase-barrier/1'], undefined);
  // B is high priority, so it comes first in queue order and A waits for it.
  assert.deepEqual(projects.A!.targets!.run!.dependsOn, [{ projects: ['B'], target: 'log' }]);
  assert.equal(projects.B!.targets!.run!.dependsOn, undefined);
  assert.equal(projects.A!.implicitDependencies, undefined, 'ordering only: no project edge');
});

test('a bad file gives issues with file and line, and the other files still give projects', () => {
  const files = {
    ...backlog,
    'tasks/bad/task.yaml': 'id: BAD\ndescription: x\nstatus: nope\n',
    'tasks/dup/task.yaml': 'id: A\ndescription: again\n',
    'tasks/e/task.yaml': 'id: E\ndescription: e\ndepends_on: [NOPE]\n',
  };
  const { results, issues } = buildWorkspaceNodes(parse(files), buildConfig({ tasksGlob: 'tasks/**/task.yaml' }));
  const errors = issues.filter((i) => i.severity !== 'warning').map((i) => `${i.file}:${i.line} ${i.field}`);
  assert.deepEqual(errors.sort(), ['tasks/bad/task.yaml:3 status', 'tasks/dup/task.yaml:1 id', 'tasks/e/task.yaml:1 depends_on']);
  assert.deepEqual(Object.keys(projectsOf(results)).sort(), [
    'A',
    'B',
    'C',
    'D',
    'X',
    'phase-barrier/1',
    'phase-barrier/2',
    'phase-barrier/3',
  ]);
  assert.equal(projectsOf(results).A!.root, 'tasks/a');
});

test('two task files in one folder are an error on the second: the folder is the project root', () => {
  const files = { 'b/one.yaml': 'id: ONE\ndescription: x\n', 'b/two.yaml': 'id: TWO\ndescription: y\n' };
  const { results, issues } = buildWorkspaceNodes(parse(files), buildConfig({ tasksGlob: 'b/*.yaml' }));
  assert.deepEqual(
    issues.map((i) => `${i.file}:${i.line}`),
    ['b/two.yaml:1'],
  );
  assert.match(issues[0]!.message, /shares its folder with b\/one\.yaml/);
  assert.deepEqual(Object.keys(projectsOf(results)), ['ONE']);
});
