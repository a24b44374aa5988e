import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBudgets } from './budgets';
import { checkPrices } from './check-prices';
import { buildConfig } from './config';
import { UserError } from './errors';

test('budgets are read once, every amount a non-negative number of USD; none is no cap', () => {
  assert.deepEqual(buildConfig({}).budgets, { pods: {}, phases: {} });
  assert.deepEqual(checkBudgets({ task: 1, workspace: '20', pods: { DevPod: 5 }, phases: { 2: 0 } }), {
    task: 1,
    workspace: 20,
    pods: { DevPod: 5 },
    phases: { '2': 0 },
  });
});

test('a bad budget or price names its field, what was expected and what it got', () => {
  const fails = (fn: () => unknown, message: RegExp) =>
    assert.throws(fn, (error: unknown) => error instanceof UserError && message.test(error.message));
  fails(
    () => checkBudgets({ pods: { DevPod: -1 } }),
    /Expected `budgets\.pods\.DevPod` in the taskpod plugin options \(nx\.json\) to be a non-negative number of USD, got `-1`/,
  );
  fails(() => checkBudgets({ phases: { two: 1 } }), /`budgets\.phases` .* has the key `two`, which is not a phase number/);
  fails(() => checkBudgets({ wrokspace: 1 }), /unknown key `wrokspace`/);
  fails(() => checkBudgets(5), /Expected `budgets` .* to be an object/);
  fails(() => checkPrices({ m: { input: 'cheap', output: 1 } }), /Expected `prices\.m\.input` .* got `"cheap"`/);
  fails(() => buildConfig({ budgets: { task: null as unknown as number } } as never), /budgets\.task/);
});
