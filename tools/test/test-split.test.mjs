// `npm run test:unit` leaves out *.e2e.test.* files and so must not meet real nx: a test that
// starts nx or the demo through the helpers made for that is named *.e2e.test.*.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');
const STARTS_NX = /\b(makeNxWorkspace|runNx|taskHash)\(|nx\/dist\/bin|run-demo\.mjs/;

function testFiles(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) testFiles(full, out);
    else if (/\.test\.(ts|mjs)$/.test(entry.name)) out.push(full);
  }
  return out;
}

test('only *.e2e.test.* files start nx or the demo', () => {
  const files = [...testFiles(path.join(root, 'libs')), ...testFiles(path.join(root, 'tools'))];
  const unit = files.filter((f) => !/\.e2e\.test\./.test(f) && f !== import.meta.filename);
  const offenders = unit.filter((f) => STARTS_NX.test(readFileSync(f, 'utf8'))).map((f) => path.relative(root, f));
  assert.deepEqual(offenders, [], 'rename these to *.e2e.test.* so npm run test:unit leaves them out');
  assert.ok(
    files.some((f) => /\.e2e\.test\./.test(f) && STARTS_NX.test(readFileSync(f, 'utf8'))),
    'the check sees the e2e tests',
  );
});
