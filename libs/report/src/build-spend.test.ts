import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeTask } from '@taskpod/core';
import { budgetsFrom } from './budgets-from';
import { buildSpend } from './build-spend';
import type { SpendEvent } from './spend-events';

const event = (e: Partial<SpendEvent>): SpendEvent => ({
  at: 0,
  taskId: 'T1',
  pod: 'DevPod',
  phase: 1,
  model: 'm',
  tokensIn: 10,
  tokensOut: 1,
  costUsd: 0.1,
  ...e,
});

test('spend is summed without float drift and is cumulative over time per group', () => {
  const events = [
    event({ at: 3000, costUsd: 0.2 }),
    event({ at: 1000, costUsd: 0.1 }),
    event({ at: 2000, pod: 'QAPod', phase: null, costUsd: null }),
  ];
  const view = buildSpend(
    events,
    [makeTask({ id: 'T1', fields: { budget_usd: 0.25 } })],
    budgetsFrom({ budgets: { pods: { DevPod: 1 } } }),
  );
  assert.equal(view.total.costUsd, 0.3);
  assert.deepEqual(view.total.points, [
    { at: 1000, usd: 0.1 },
    { at: 2000, usd: 0.1 },
    { at: 3000, usd: 0.3 },
  ]);
  assert.deepEqual(
    view.byPod.map((s) => [s.name, s.costUsd, s.unknownCalls, s.budget]),
    [
      ['DevPod', 0.3, 0, 1],
      ['QAPod', 0, 1, null],
    ],
  );
  assert.deepEqual(
    view.byPhase.map((s) => s.name),
    ['Phase 1', 'No phase'],
  );
  assert.equal(view.byTask[0]!.budget, 0.25, "a task's own budget_usd");
  assert.deepEqual([view.start, view.end], [1000, 3000]);
});

test('budgets are read loosely: absent is null, bad values are left out', () => {
  assert.equal(budgetsFrom({}), null);
  const b = budgetsFrom({ budgets: { workspace: -1, task: 'x', pods: { A: 2, B: null }, phases: { 1: 3, x: 4 } } })!;
  assert.deepEqual([b.workspace, b.task, [...b.pods], [...b.phases]], [null, null, [['A', 2]], [[1, 3]]]);
});
