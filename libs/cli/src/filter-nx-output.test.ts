import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterNxOutput } from './filter-nx-output';

test("a task header repeated with only blank lines between is printed once; the task's output stays", () => {
  let out = '';
  const write = filterNxOutput((text) => (out += text));
  write('\n> nx run 1.2:run\n\n');
  write('\n> nx run 1.2:r');
  write('un\n\n1.2: Wrote the plan.\n');
  write('\n> nx run 1.2:patch\n\n1.2: wrote x.diff\n');
  assert.equal(out, '\n> nx run 1.2:run\n\n1.2: Wrote the plan.\n\n> nx run 1.2:patch\n\n1.2: wrote x.diff\n');
});

test('the same header after output in between is a new run of the target and stays', () => {
  let out = '';
  const write = filterNxOutput((text) => (out += text));
  write('> nx run a:run\nfirst\n> nx run a:run\nsecond\n');
  assert.equal(out, '> nx run a:run\nfirst\n> nx run a:run\nsecond\n');
});

test("the footer's task timings, wrong for batch executors, are dropped; its other lines stay", () => {
  let out = '';
  const write = filterNxOutput((text) => (out += text));
  write(' NX   Successfully ran target log for 5 projects\n\n  Run duration:      3ms\n  Cache:             0/21 hit (0%)\n');
  write('  Critical path:     1ms (1 task)\n  Recoverable time:  <1ms\n');
  assert.equal(out, ' NX   Successfully ran target log for 5 projects\n\n  Cache:             0/21 hit (0%)\n');
});
