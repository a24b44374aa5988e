import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeCuts, fitContextBudget } from './fit-context-budget';

const part = (label: string, size: number) => ({ label, content: 'a'.repeat(size) });

test('budget: under the budget nothing changes', () => {
  const parts = [part('a', 10), part('b', 20)];
  assert.deepEqual(fitContextBudget(parts, 30), { parts, cuts: [] });
});

test('budget: the largest parts are cut to a common cap; small ones stay whole', () => {
  const { parts, cuts } = fitContextBudget([part('small', 10), part('mid', 300), part('big', 1000)], 400);
  assert.deepEqual(cuts, [
    { label: 'mid', from: 300, to: 195 },
    { label: 'big', from: 1000, to: 195 },
  ]);
  assert.equal(parts[0].content.length, 10);
  assert.ok(parts[2].content.startsWith(`${'a'.repeat(195)}\n[... cut by taskpod: 805 of 1000`));
  assert.equal(
    describeCuts(cuts, 400),
    'Context was cut to fit the budget of 400 characters, largest parts first: mid (300 -> 195 characters); big (1000 -> 195 characters).',
  );
});

test('budget: only the single largest is cut when that is enough', () => {
  const { cuts } = fitContextBudget([part('a', 100), part('b', 100), part('huge', 10_000)], 1200);
  assert.deepEqual(cuts, [{ label: 'huge', from: 10_000, to: 1000 }]);
});
