import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTaskGraph } from './build-task-graph';
import { makeTask } from './make-task';

describe('buildTaskGraph', () => {
  it('lists depends_on with its reason', () => {
    const graph = buildTaskGraph([makeTask({ id: 'a' }), makeTask({ id: 'b', dependsOn: ['a'] })], { phaseBarrier: true });
    assert.deepEqual(graph.dependencies.get('b'), [{ id: 'a', reason: 'depends_on' }]);
    assert.deepEqual(graph.dependencies.get('a'), []);
    assert.deepEqual(graph.issues, []);
  });

  it('makes the later task in queue order wait for the earlier when outputs overlap', () => {
    const tasks = [
      makeTask({ id: 'late', priority: 'low', outputs: ['docs/**'] }),
      makeTask({ id: 'early', priority: 'high', outputs: ['docs/<feature>/spec.md'] }),
      makeTask({ id: 'apart', outputs: ['src/*.ts'] }),
    ];
    const graph = buildTaskGraph(tasks, { phaseBarrier: true });
    assert.deepEqual(graph.dependencies.get('late'), [{ id: 'early', reason: 'outputs', path: 'docs/x/spec.md' }]);
    assert.deepEqual(graph.dependencies.get('early'), []);
    assert.deepEqual(graph.dependencies.get('apart'), []);
  });

  it('finds overlaps between a top-level glob and deep paths, and not between siblings', () => {
    const tasks = [
      makeTask({ id: 'deep', outputs: ['docs/a/b.md', 'src/x.ts'] }),
      makeTask({ id: 'all', priority: 'low', outputs: ['**/*.md'] }),
      makeTask({ id: 'sibling', outputs: ['src/y.ts', 'docs/a/c.txt'] }),
    ];
    const graph = buildTaskGraph(tasks, { phaseBarrier: true });
    assert.deepEqual(graph.dependencies.get('all'), [{ id: 'deep', reason: 'outputs', path: 'docs/a/b.md' }]);
    assert.deepEqual(graph.dependencies.get('sibling'), []);
  });

  it('adds nothing when depends_on or the phase barrier already orders the two', () => {
    const byDeps = buildTaskGraph([makeTask({ id: 'a', outputs: ['x.md'] }), makeTask({ id: 'b', outputs: ['x.md'], dependsOn: ['a'] })], {
      phaseBarrier: true,
    });
    assert.deepEqual(byDeps.dependencies.get('a'), []);
    assert.deepEqual(byDeps.dependencies.get('b'), [{ id: 'a', reason: 'depends_on' }]);
    const phases = [makeTask({ id: 'a', phase: 1, outputs: ['x.md'] }), makeTask({ id: 'b', phase: 2, outputs: ['x.md'] })];
    assert.deepEqual(buildTaskGraph(phases, { phaseBarrier: true }).dependencies.get('b'), []);
    assert.deepEqual(buildTaskGraph(phases, { phaseBarrier: false }).dependencies.get('b'), [{ id: 'a', reason: 'outputs', path: 'x.md' }]);
  });

  it('orders through a chain of depends_on', () => {
    const tasks = [
      makeTask({ id: 'a', outputs: ['x.md'] }),
      makeTask({ id: 'm', dependsOn: ['a'] }),
      makeTask({ id: 'z', outputs: ['x.md'], dependsOn: ['m'] }),
    ];
    assert.deepEqual(buildTaskGraph(tasks, { phaseBarrier: true }).dependencies.get('z'), [{ id: 'm', reason: 'depends_on' }]);
  });

  it('is an error naming both tasks and the path when the implicit order closes a cycle', () => {
    // c must wait for a (depends_on), but c comes first in the queue: b waits for c, a for b.
    const tasks = [
      makeTask({ id: 'c', priority: 'critical', dependsOn: ['a'], outputs: ['x/c.md'] }),
      makeTask({ id: 'b', priority: 'high', outputs: ['x/*.md', 'y/b.md'] }),
      makeTask({ id: 'a', priority: 'low', outputs: ['y/*.md'] }),
    ];
    const { issues } = buildTaskGraph(tasks, { phaseBarrier: true });
    assert.equal(issues.length, 1);
    assert.equal(issues[0]!.file, 'task_templates/a/task.yaml');
    assert.match(issues[0]!.message, /`a` and `b` both write `y\/b\.md`.*cycle: a -> b -> c -> a/);
  });

  it('reports a depends_on that the phase barrier turns into a cycle', () => {
    const tasks = [makeTask({ id: 'p1', phase: 1, dependsOn: ['p2'] }), makeTask({ id: 'p2', phase: 2 })];
    const [issue] = buildTaskGraph(tasks, { phaseBarrier: true }).issues;
    assert.match(issue!.message, /phase barrier: p1 -> p2 -> \[phase 1 done\] -> p1/);
    assert.deepEqual(buildTaskGraph(tasks, { phaseBarrier: false }).issues, []);
  });

  it('finds that cycle through tasks without a numeric phase, and not when deps only go down', () => {
    const through = [
      makeTask({ id: 'p1', phase: 1, dependsOn: ['n'] }),
      makeTask({ id: 'n', phase: null, dependsOn: ['p2'] }),
      makeTask({ id: 'p2', phase: 2 }),
    ];
    assert.match(buildTaskGraph(through, { phaseBarrier: true }).issues[0]!.message, /p1 -> n -> p2 -> \[phase 1 done\] -> p1/);
    const down = [
      makeTask({ id: 'p2', phase: 2, dependsOn: ['n'] }),
      makeTask({ id: 'n', phase: null, dependsOn: ['p1'] }),
      makeTask({ id: 'p1', phase: 1 }),
    ];
    assert.deepEqual(buildTaskGraph(down, { phaseBarrier: true }).issues, []);
  });
});
