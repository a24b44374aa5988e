import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coalesce } from './coalesce';

/** A coalesced call that records the items of each run and answers each item with itself doubled. */
function recorded(lingerMs?: number) {
  const runs: number[][] = [];
  const call = coalesce<number, number>(async (_key, items) => {
    runs.push(items);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return items.map((i) => i * 2);
  }, lingerMs);
  return { runs, call };
}

test('items of one turn share a run, items that come while it runs share the next, each gets its own answer', async () => {
  const { runs, call } = recorded();
  const first = [call('k', 1), call('k', 2)];
  await new Promise((resolve) => setImmediate(resolve));
  const later = call('k', 3);
  assert.deepEqual(await Promise.all([...first, later]), [2, 4, 6]);
  assert.deepEqual(runs, [[1, 2], [3]]);
});

test('with a linger, items that arrive a few milliseconds apart share one run', async () => {
  const { runs, call } = recorded(200);
  const answers = [call('k', 1)];
  for (const item of [2, 3]) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    answers.push(call('k', item));
  }
  assert.deepEqual(await Promise.all(answers), [2, 4, 6]);
  assert.deepEqual(runs, [[1, 2, 3]]);
  // Without it, the same arrivals take more than one run.
  const plain = recorded();
  const spread = [plain.call('k', 1)];
  for (const item of [2, 3]) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    spread.push(plain.call('k', item));
  }
  await Promise.all(spread);
  assert.ok(plain.runs.length > 1, JSON.stringify(plain.runs));
});
