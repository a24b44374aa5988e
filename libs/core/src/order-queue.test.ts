import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareNatural } from './compare-queue-order';
import { makeTask } from './make-task';
import { orderQueue } from './order-queue';
import { selectNextTask } from './select-next-task';

const ids = (tasks: Parameters<typeof orderQueue>[0], options = { phaseBarrier: false }) => orderQueue(tasks, options).map((e) => e.id);

describe('orderQueue', () => {
  it('orders by phase, then priority, then created_at, then natural id', () => {
    const tasks = [
      makeTask({ id: 'p2', phase: 2, priority: 'critical' }),
      makeTask({ id: 'low', priority: 'low' }),
      makeTask({ id: 'late', priority: 'high', createdAt: '2024-03-01' }),
      makeTask({ id: 'early', priority: 'high', createdAt: '2024-02-29T23:00:00Z' }),
      makeTask({ id: 'undated', priority: 'high' }),
      makeTask({ id: 'none', phase: null, priority: 'critical' }),
      makeTask({ id: 'crit', priority: 'critical', createdAt: '2025-01-01' }),
    ];
    assert.deepEqual(ids(tasks), ['crit', 'early', 'late', 'undated', 'low', 'p2', 'none']);
  });

  it('breaks full ties by id in natural order', () => {
    const tasks = ['1.10', '1.2', 'T10', 'T9', '1.9'].map((id) => makeTask({ id }));
    assert.deepEqual(ids(tasks), ['1.2', '1.9', '1.10', 'T9', 'T10']);
    assert.ok(compareNatural('a01', 'a1') !== 0);
  });

  it('lists only ready tasks, with the shape scripts rely on', () => {
    const tasks = [
      makeTask({ id: 'a', createdAt: '2024-01-01', pod: 'QAPod' }),
      makeTask({ id: 'b', status: 'backlog' }),
      makeTask({ id: 'c', status: 'done' }),
    ];
    assert.deepEqual(orderQueue(tasks, { phaseBarrier: true }), [
      { id: 'a', phase: 1, pod: 'QAPod', priority: 'medium', created_at: '2024-01-01', status: 'ready', actionable: true, blocked_by: [] },
    ]);
  });

  it('blocks on depends_on that are not done', () => {
    const tasks = [
      makeTask({ id: 'a', dependsOn: ['b', 'c'] }),
      makeTask({ id: 'b', status: 'done' }),
      makeTask({ id: 'c', status: 'in_progress' }),
    ];
    const [entry] = orderQueue(tasks, { phaseBarrier: true });
    assert.equal(entry!.actionable, false);
    assert.deepEqual(entry!.blocked_by, ['c']);
  });

  it('holds later phases until every earlier-phase task is done or cancelled', () => {
    const tasks = [
      makeTask({ id: 'one', phase: 1, status: 'backlog' }),
      makeTask({ id: 'gone', phase: 1, status: 'cancelled' }),
      makeTask({ id: 'two', phase: 2 }),
      makeTask({ id: 'three', phase: 3, dependsOn: ['two'] }),
      makeTask({ id: 'free', phase: null }),
    ];
    const queue = orderQueue(tasks, { phaseBarrier: true });
    assert.deepEqual(
      queue.map((e) => [e.id, e.actionable, e.blocked_by]),
      [
        ['two', false, ['one']],
        ['three', false, ['two', 'one']],
        ['free', true, []],
      ],
    );
    assert.equal(selectNextTask(tasks, { phaseBarrier: true })!.id, 'free');
    assert.equal(selectNextTask(tasks, { phaseBarrier: false })!.id, 'two');
  });

  it('keeps tasks without a numeric phase outside the barrier', () => {
    const tasks = [makeTask({ id: 'x', phase: null, status: 'backlog' }), makeTask({ id: 'two', phase: 2 })];
    assert.equal(selectNextTask(tasks, { phaseBarrier: true })!.id, 'two');
  });

  it('filters by pod while every task still counts for the barrier', () => {
    const tasks = [
      makeTask({ id: 'dev', phase: 1, pod: 'DevPod' }),
      makeTask({ id: 'qa', phase: 2, pod: 'QAPod' }),
      makeTask({ id: 'qa0', phase: 1, pod: 'QAPod', priority: 'low' }),
    ];
    assert.deepEqual(
      orderQueue(tasks, { phaseBarrier: true, pod: 'QAPod' }).map((e) => [e.id, e.actionable]),
      [
        ['qa0', true],
        ['qa', false],
      ],
    );
    assert.equal(selectNextTask(tasks, { phaseBarrier: true, pod: 'QAPod' })!.id, 'qa0');
    assert.equal(selectNextTask(tasks, { phaseBarrier: true, pod: 'Nobody' }), null);
  });

  it('returns null when nothing is actionable', () => {
    assert.equal(
      selectNextTask([makeTask({ id: 'a', dependsOn: ['b'] }), makeTask({ id: 'b', status: 'backlog' })], { phaseBarrier: true }),
      null,
    );
  });
});
