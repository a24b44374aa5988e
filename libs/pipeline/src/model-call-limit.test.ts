import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createModelCallLimit } from './model-call-limit';

test('at most `slots` calls run at once, the others in the order they asked, and a failure frees its slot', async () => {
  const limit = createModelCallLimit(2);
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const call = (n: number) =>
    limit(async () => {
      started.push(n);
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      if (n === 1) throw new Error('model down');
      return n;
    });
  const results = await Promise.allSettled([0, 1, 2, 3, 4].map(call));
  assert.equal(most, 2);
  assert.deepEqual(started, [0, 1, 2, 3, 4]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled'],
  );
});
