import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLedgerEntry } from './build-ledger-entry';
import { makeLogInputs } from '@taskpod/testing';
import { TRACE_HEADER, appendTraceRow, buildTraceRow, escapeCell } from './trace-log';

const task = (id: string) => ({ id, pod: 'DevPod', phase: 1, source: { file: `task_templates/${id}/task.yaml`, shape: 'flat' as const } });
const entryFor = (id: string, at = new Date('2026-11-24T01:00:00Z')) =>
  buildLedgerEntry(task(id), makeLogInputs(id, at), new Date('2026-11-24T01:30:00.123Z'));

test('the header is written once, then one row per patch', () => {
  const first = appendTraceRow(null, entryFor('T1'))!;
  assert.ok(first.startsWith(TRACE_HEADER));
  const second = appendTraceRow(first, entryFor('T2'))!;
  assert.equal(second.split(TRACE_HEADER).length, 2, 'header appears exactly once');
  assert.equal(second, first + buildTraceRow(entryFor('T2')));
  assert.equal(
    buildTraceRow(entryFor('T1')),
    '| 2026-11-24T01:30:00Z | T1 | DevPod | 1 | 2 | +14/-2 | 1000 in / 250 out | $0.0125 | taskpod/T1 | [#7](https://github.com/acme/shop/pull/7) | patch_20261124_010000_T1.diff |\n',
  );
});

test('the same patch twice adds nothing; another patch of the same task adds a row', () => {
  const once = appendTraceRow(null, entryFor('T1'))!;
  assert.equal(appendTraceRow(once, entryFor('T1')), null);
  assert.ok(appendTraceRow(once, entryFor('T1', new Date('2026-11-24T02:00:00Z'))));
});

test('pipes and line breaks in values cannot break the table', () => {
  assert.equal(escapeCell('a|b\nc\\d'), 'a\\|b c\\\\d');
  const entry = { ...entryFor('T1'), pod: 'Dev|Pod', branch: 'x|y' };
  const row = buildTraceRow(entry);
  assert.equal(row.split(/(?<!\\)\|/).length - 2, 11, 'exactly 11 cells');
});

test('no pod, no phase, no PR and an unpushed branch are shown as such', () => {
  const inputs = makeLogInputs('T3', undefined, { pod: null, phase: null, pr: null });
  const row = buildTraceRow(buildLedgerEntry({ ...task('T3'), pod: null, phase: null }, inputs, new Date('2026-11-24T01:30:00Z')));
  assert.match(row, /\| T3 \| - \| - \| .* \| taskpod\/T3 \(not pushed\) \| - \| patch_/);
});
