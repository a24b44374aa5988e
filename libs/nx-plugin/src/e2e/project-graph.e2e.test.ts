import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { exampleBacklog, makeNxWorkspace, sortedLines, type NxWorkspace } from '@taskpod/testing';
import { TARGET_DESCRIPTIONS } from '../build-task-targets';

/** This repository's example backlog (phases 1 and 2, a depends_on, a Cross-Phase task) beside a user's own project. */
const files = () => ({
  ...exampleBacklog(),
  'apps/app/project.json': JSON.stringify({ name: 'app', targets: { build: { executor: 'nx:noop' } } }),
});

const TASKS = ['1.1', '1.2', '2.1', '2.2', 'X.1'];
const BARRIERS = ['phase-barrier/1', 'phase-barrier/2'];

describe('the project graph of the example backlog', () => {
  let ws: NxWorkspace;
  before(() => {
    ws = makeNxWorkspace(files());
  });
  after(() => ws.cleanup());

  const graphJson = (...args: string[]) => {
    const result = ws.nx(['graph', '--file=graph.json', ...args]);
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(readFileSync(path.join(ws.dir, 'graph.json'), 'utf8')).graph as {
      nodes: Record<string, unknown>;
      dependencies: Record<string, { source: string; target: string; type: string }[]>;
    };
  };

  /** The projects whose tasks nx would run for `args`, from its `--graph` file. */
  const plannedProjects = (args: string[]) => {
    const result = ws.nx([...args, '--graph=planned.json']);
    assert.equal(result.status, 0, result.stderr);
    const tasks = Object.keys(JSON.parse(readFileSync(path.join(ws.dir, 'planned.json'), 'utf8')).tasks.tasks);
    rmSync(path.join(ws.dir, 'planned.json'));
    return [...new Set(tasks.map((t) => t.slice(0, t.lastIndexOf(':'))))].sort();
  };

  test('nx graph draws depends_on, each phase around its barrier, and the barriers in phase order', () => {
    const graph = graphJson();
    assert.deepEqual(Object.keys(graph.nodes).sort(), ['app', ...TASKS, ...BARRIERS].sort());
    const edges = Object.values(graph.dependencies).flatMap((deps) => deps.map((d) => `${d.source} -> ${d.target} (${d.type})`));
    assert.deepEqual(edges.sort(), [
      '1.2 -> 1.1 (implicit)',
      'phase-barrier/1 -> 1.1 (implicit)',
      'phase-barrier/1 -> 1.2 (implicit)',
      'phase-barrier/2 -> 2.1 (implicit)',
      'phase-barrier/2 -> 2.2 (implicit)',
      'phase-barrier/2 -> phase-barrier/1 (implicit)',
    ]);
    assert.deepEqual(
      plannedProjects(['run', 'phase-barrier/2:barrier']),
      ['1.1', '1.2', '2.1', '2.2', ...BARRIERS],
      'the last barrier runs every open task of the numbered phases, in order',
    );
    assert.deepEqual(Object.keys(graphJson('--focus=phase-barrier/1').nodes).sort(), ['1.1', '1.2', ...BARRIERS]);
  });

  test("tags keep the tasks apart from the user's projects", () => {
    assert.deepEqual(Object.keys(graphJson('--exclude=tag:taskpod').nodes), ['app']);
    assert.deepEqual(Object.keys(graphJson('--exclude=!tag:taskpod').nodes).sort(), [...TASKS, ...BARRIERS].sort());
    const phase2 = ws.nx(['show', 'projects', '--projects=tag:phase:2']);
    assert.deepEqual(sortedLines(phase2.stdout), ['2.1', '2.2', 'phase-barrier/2']);
  });

  test('nx show project gives each target its description', () => {
    const task = JSON.parse(ws.nx(['show', 'project', '1.2', '--json']).stdout);
    const described = Object.fromEntries(
      Object.entries(task.targets).map(([name, t]) => [name, (t as { metadata: { description: string } }).metadata.description]),
    );
    assert.deepEqual(described, TARGET_DESCRIPTIONS);
    assert.match(task.metadata.description, /^Write the test plan of the shortlink feature/);
    const barrier = JSON.parse(ws.nx(['show', 'project', 'phase-barrier/1', '--json']).stdout);
    assert.equal(barrier.targets.barrier.metadata.description, "Waits for the log of phase 1's open tasks and for the earlier phases");
    assert.match(barrier.metadata.description, /^Phase 1 is complete: .*phase 2 starts after it/);
  });

  test('nx affected does not reach later phases: an edit marks its task, its depends_on dependents and the barriers only', () => {
    const affectedBy = (file: string, edit: (text: string) => string) => {
      const full = path.join(ws.dir, file);
      const original = readFileSync(full, 'utf8');
      writeFileSync(full, edit(original));
      try {
        const shown = ws.nx(['show', 'projects', '--affected', `--base=${ws.base}`]);
        assert.equal(shown.status, 0, shown.stderr);
        return { projects: sortedLines(shown.stdout), runs: plannedProjects(['affected', '-t', 'log', `--base=${ws.base}`]) };
      } finally {
        writeFileSync(full, original);
      }
    };
    // 1.1 reads the brief; 1.2 depends on 1.1. Phase 2 is ordered after them but reads nothing of theirs.
    assert.deepEqual(
      affectedBy('memory/project-brief.md', (t) => `${t}More.\n`),
      { projects: ['1.1', '1.2', 'phase-barrier/1', 'phase-barrier/2'], runs: ['1.1', '1.2'] },
    );
    assert.deepEqual(
      affectedBy('task_templates/2.1-shortlink-service/task.yaml', (t) => t.replace('no dependencies', 'no dependencies at all')),
      // Running 2.1 still waits for the open tasks of phase 1: the task graph holds the whole barrier.
      { projects: ['2.1', 'phase-barrier/2'], runs: ['1.1', '1.2', '2.1', 'phase-barrier/1'] },
    );
  });
});
