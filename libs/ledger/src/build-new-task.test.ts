import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeTask } from '@taskpod/core';
import { parse } from 'yaml';
import { buildNewTask } from './build-new-task';

const NOW = '2026-11-24T01:30:00Z';

test('flags are written under the key the copy already uses (title, pod_owner), and replace copied outputs', () => {
  const text = 'tasks:\n  X:\n    title: Old\n    pod_owner: DevPod\n    template_outputs: [a/**]\n    done: true\n';
  const task = makeTask({ id: 'X', source: { file: 't/x/task.yaml', dir: 't/x', shape: 'tasks-map', line: 2 } });
  const out = parse(
    buildNewTask({ id: 'Y', from: { task, text }, description: 'New', pod: 'QAPod', outputs: ['b.md'], set: {}, now: NOW }),
  );
  assert.deepEqual(out, {
    id: 'Y',
    title: 'New',
    pod_owner: 'QAPod',
    outputs: ['b.md'],
    instance_of: 't/x/task.yaml',
    status: 'ready',
    created_at: NOW,
  });
});

test('a flat copy keeps its header comment once, and keeps a comment on a copied first field in place', () => {
  const task = makeTask({ id: 'A', source: { file: 't/a/task.yaml', dir: 't/a', shape: 'flat', line: 2 } });
  const dropped = buildNewTask({ id: 'B', from: { task, text: '# header\nid: A\ndescription: D\n' }, set: {}, now: NOW });
  assert.equal(dropped.match(/# header/g)?.length, 1);
  assert.match(dropped, /^# header\n/);
  const kept = buildNewTask({ id: 'B', from: { task, text: '# about D\ndescription: D\nid: A\n' }, set: {}, now: NOW });
  assert.equal(kept.match(/# about D/g)?.length, 1);
  assert.match(kept, /# about D\ndescription: D\n/);
});

test('from flags alone: no instance_of; --set without --from is a usage error', () => {
  assert.deepEqual(parse(buildNewTask({ id: 'N', description: 'D', phase: 'Phase 2 - Build', set: {}, now: NOW })), {
    id: 'N',
    description: 'D',
    phase: 'Phase 2 - Build',
    status: 'ready',
    created_at: NOW,
  });
  assert.throws(
    () => buildNewTask({ id: 'N', description: 'D', set: { a: '1' }, now: NOW }),
    (e: Error) => e.name === 'UsageError',
  );
});
