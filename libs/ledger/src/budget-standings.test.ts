import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { buildConfig, makeTask } from '@taskpod/core';
import { budgetScopesFor } from './budget-scopes';
import { budgetStandings, exceededBy } from './budget-standings';
import type { SpendLine } from './spend-lines';
import { type SpendReservation, isLiveReservation } from './spend-reservations';

const line = (o: Partial<SpendLine>): SpendLine => ({
  task_id: 'T1',
  pod: 'DevPod',
  phase: 1,
  run_id: null,
  tokens_in: 0,
  tokens_out: 0,
  cost_usd: 0.1,
  ...o,
});
const budgets = buildConfig({ budgets: { task: 1, workspace: 0.3, pods: { DevPod: 0.25 }, phases: { '1': 2 } } } as never).budgets;

test('scopes: the task, its pod, its phase, the workspace and the run; budget_usd replaces budgets.task', () => {
  const scopes = budgetScopesFor(makeTask({ id: 'T1', pod: 'DevPod', phase: 1 }), budgets, { runId: 'r', maxCostUsd: 0.05 });
  assert.deepEqual(
    scopes.map((s) => [s.name, s.source, s.limitUsd]),
    [
      ['task T1', 'budgets.task', 1],
      ['pod DevPod', 'budgets.pods.DevPod', 0.25],
      ['phase 1', 'budgets.phases.1', 2],
      ['workspace', 'budgets.workspace', 0.3],
      ['run', '--max-cost, TASKPOD_MAX_COST', 0.05],
    ],
  );
  const own = budgetScopesFor(makeTask({ id: 'T2', pod: 'QAPod', phase: null, fields: { budget_usd: 0.5 } }), budgets);
  assert.deepEqual(
    own.map((s) => [s.name, s.source]),
    [
      ['task T2', 'budget_usd in task_templates/T2/task.yaml'],
      ['workspace', 'budgets.workspace'],
    ],
  );
});

test('an estimate exactly what is left fits; a micro-dollar more is refused; unknown costs are counted apart', () => {
  const scopes = budgetScopesFor(makeTask({ id: 'T1' }), budgets);
  const spend = [line({}), line({ task_id: 'T9', cost_usd: 0.1 }), line({ task_id: 'T8', pod: 'QAPod', cost_usd: null })];
  const standings = budgetStandings(spend, [], scopes);
  const pod = standings.find((s) => s.scope.name === 'pod DevPod')!;
  assert.deepEqual([pod.spentUsd, pod.leftUsd], [0.2, 0.05]);
  assert.equal(standings.find((s) => s.scope.name === 'workspace')!.unknownCalls, 1);
  assert.equal(exceededBy(standings, 0.05), null, 'exactly what is left fits');
  assert.equal(exceededBy(standings, 0.050001)?.scope.name, 'pod DevPod');
});

test("reservations of calls in flight count until they expire or their holder's process is gone", () => {
  const now = new Date();
  const r = (o: Partial<SpendReservation>): SpendReservation => ({
    id: 'x',
    task_id: 'T5',
    pod: 'DevPod',
    phase: 3,
    run_id: null,
    estimate_usd: 0.04,
    pid: process.pid,
    host: hostname(),
    at: now.toISOString(),
    expires_at: new Date(now.getTime() + 60_000).toISOString(),
    ...o,
  });
  assert.equal(isLiveReservation(r({}), now), true);
  assert.equal(isLiveReservation(r({ expires_at: new Date(now.getTime() - 1).toISOString() }), now), false);
  assert.equal(isLiveReservation(r({ pid: 2 ** 22 + 12345 }), now), false, 'a dead process on this machine');
  assert.equal(isLiveReservation(r({ pid: 2 ** 22 + 12345, host: 'another-machine' }), now), true);
  const standings = budgetStandings([line({ cost_usd: 0.2 })], [r({})], budgetScopesFor(makeTask({ id: 'T1' }), budgets));
  const pod = standings.find((s) => s.scope.name === 'pod DevPod')!;
  assert.deepEqual([pod.spentUsd, pod.reservedUsd, pod.leftUsd], [0.2, 0.04, 0.01]);
});
