import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decimalsFor, niceTicks } from './chart-scale';
import { formatDuration, formatPercent, formatSpend, formatUsd } from './format';

test('costs keep enough digits, and unknown is never shown as 0', () => {
  assert.deepEqual(
    [formatUsd(null), formatUsd(0), formatUsd(1.5), formatUsd(0.0123), formatUsd(0.000075), formatUsd(0.0012)],
    ['unknown', '$0.00', '$1.50', '$0.0123', '$0.000075', '$0.0012'],
  );
  assert.deepEqual([formatSpend(0, 0, 2), formatSpend(0.5, 1, 1), formatSpend(0.5, 2, 0)], ['unknown', '$0.50 + unknown', '$0.50']);
  assert.deepEqual([formatPercent(0.002, 2), formatPercent(1, 2), formatPercent(1, 0)], ['0.1%', '50%', 'over']);
  assert.deepEqual(
    [formatDuration(0.046), formatDuration(4.25), formatDuration(185), formatDuration(7440)],
    ['46 ms', '4.3 s', '3 min 5 s', '2 h 4 min'],
  );
});

test('axis ticks are round and share one number of decimals', () => {
  assert.deepEqual(niceTicks(0.0022), [0, 0.001, 0.002, 0.003, 0.004]);
  assert.equal(decimalsFor(0.001, 2), 3);
  assert.equal(decimalsFor(0.25, 2), 2);
  assert.equal(decimalsFor(5, 2), 2);
});
