import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dedupeNxHeaders } from './dedupe-nx-headers';

test("a task header repeated with only blank lines between is printed once; the task's output stays", () => {
  let out = '';
  const write = dedupeNxHeaders((text) => (out += text));
  write('\n> nx run 1.2:run\n\n');
  write('\n> nx run 1.2:r');
  write('un\n\n1.2: Wrote the plan.\n');
  write('\n> nx run 1.2:patch\n\n1.2: wrote x.diff\n');
  assert.equal(out, '\n> nx run 1.2:run\n\n1.2: Wrote the plan.\n\n> nx run 1.2:patch\n\n1.2: wrote x.diff\n');
});

test('the same header after output in between is a new run of the target and stays', () => {
  let out = '';
  const write = dedupeNxHeaders((text) => (out += text));
  write('> nx run a:run\nfirst\n> nx run a:run\nsecond\n');
  assert.equal(out, '> nx run a:run\nfirst\n> nx run a:run\nsecond\n');
});
