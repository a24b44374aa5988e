import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTaskGraph } from './build-task-graph';
import { explainTaskBlockers } from './explain-task-blockers';
import { makeTask } from './make-task';
import { orderQueue } from './order-queue';

const tasks = [
  makeTask({ id: 'a', phase: 1, status: 'done', outputs: ['docs/a.md'] }),
  makeTask({ id: 'b', phase: 1, status: 'backlog', outputs: ['docs/**'] }),
  makeTask({ id: 'c', phase: 1, status: 'ready', dependsOn: ['a', 'b'], outputs: ['docs/c.md'] }),
  makeTask({ id: 'd', phase: 2, status: 'ready' }),
  makeTask({ id: 'e', phase: null, status: 'ready', outputs: ['docs/c.md'] }),
];

test('names the dependencies not done, the phase barrier and the earlier overlapping tasks, each on its own', () => {
  const graph = buildTaskGraph(tasks, { phaseBarrier: true });
  const explain = (id: string, phaseBarrier = true) => explainTaskBlockers(tasks.find((t) => t.id === id)!, tasks, graph, { phaseBarrier });
  assert.deepEqual(explain('c'), { actionable: false, depends_on: [{ id: 'b', status: 'backlog' }], phase_barrier: [], outputs: [] });
  assert.deepEqual(explain('d'), { actionable: false, depends_on: [], phase_barrier: ['b', 'c'], outputs: [] });
  assert.deepEqual(explain('d', false), { actionable: true, depends_on: [], phase_barrier: [], outputs: [] });
  assert.deepEqual(explain('e').outputs, [
    { id: 'c', status: 'ready', path: 'docs/c.md' },
    { id: 'b', status: 'backlog', path: 'docs/c.md' },
  ]);
  assert.equal(explain('e').actionable, true, 'an overlap orders the two; it does not hold the task back');
});

test('agrees with orderQueue on every ready task', () => {
  const graph = buildTaskGraph(tasks, { phaseBarrier: true });
  for (const entry of orderQueue(tasks, { phaseBarrier: true })) {
    const why = explainTaskBlockers(tasks.find((t) => t.id === entry.id)!, tasks, graph, { phaseBarrier: true });
    assert.equal(why.actionable, entry.actionable, entry.id);
    assert.deepEqual([...new Set([...why.depends_on.map((d) => d.id), ...why.phase_barrier])], entry.blocked_by, entry.id);
  }
});
