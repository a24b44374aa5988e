// The libs' import graph stays closed and one-way (see check-import-boundaries.mjs); the checker
// itself is proved on a tiny workspace with one planted violation per rule.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkImportBoundaries, formatViolation } from './check-import-boundaries.mjs';

const root = path.resolve(import.meta.dirname, '../..');

test('every import in libs/*/src goes through a declared entry point and down the dependency direction', () => {
  assert.deepEqual(checkImportBoundaries(root).map(formatViolation), []);
});

function plant(t, files) {
  const dir = mkdtempSync(path.join(tmpdir(), 'taskpod-boundaries-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), typeof text === 'string' ? text : JSON.stringify(text));
  }
  return dir;
}

const pkg = (name, dependencies = {}, devDependencies = {}, subpaths = []) => ({
  name,
  exports: Object.fromEntries([['.', './dist/index.js'], ...subpaths.map((s) => [`./${s}`, `./dist/${s}.js`])]),
  dependencies,
  devDependencies,
});

test('the checker reports each planted violation with its file, line and rule, and passes the allowed imports', (t) => {
  const dir = plant(t, {
    'libs/core/package.json': pkg('@taskpod/core', {}, { '@taskpod/testing': '0' }),
    'libs/core/src/index.ts': "export const a = 1;\nimport { b } from '@taskpod/ledger';\n",
    'libs/core/src/a.test.ts': "import { makeTempDir } from '@taskpod/testing';\n",
    'libs/ledger/package.json': pkg('@taskpod/ledger', { '@taskpod/core': '0' }, {}, ['atomic-write']),
    'libs/ledger/src/index.ts': "import { a } from '@taskpod/core';\nimport { p } from '@taskpod/core/dist/paths.js';\n",
    'libs/ledger/src/builder.ts': "import { makeTempDir } from '@taskpod/testing';\n",
    'libs/ledger/src/escape.ts': "import { p } from '../../core/src/paths';\n",
    'libs/pipeline/package.json': pkg('@taskpod/pipeline', { '@taskpod/core': '0', '@taskpod/ledger': '0' }),
    'libs/pipeline/src/index.ts': "import { w } from '@taskpod/ledger/atomic-write';\nconst g = () => import('@taskpod/git');\n",
    'libs/git/package.json': pkg('@taskpod/git', { '@taskpod/core': '0' }),
    'libs/git/src/index.ts': 'export const g = 1;\n',
    'libs/nx-plugin/package.json': pkg('@taskpod/nx-plugin', { '@taskpod/core': '0', '@taskpod/pipeline': '0' }),
    'libs/nx-plugin/src/index.ts': "export { createNodes } from './create-nodes';\n",
    'libs/nx-plugin/src/create-nodes.ts': "import { a } from '@taskpod/core';\nimport { x } from '@taskpod/pipeline';\n",
    'libs/nx-plugin/src/executors/run.ts': "const s = () => import('@taskpod/pipeline');\n",
    'libs/testing/package.json': pkg('@taskpod/testing', { '@taskpod/core': '0' }),
    'libs/testing/src/index.ts': "import { a } from '@taskpod/core';\n",
  });
  assert.deepEqual(checkImportBoundaries(dir).map(formatViolation), [
    "libs/core/src/index.ts:2 imports '@taskpod/ledger': core may import no other lib, not ledger",
    "libs/ledger/src/builder.ts:1 imports '@taskpod/testing': only tests (*.test.ts) may import @taskpod/testing",
    "libs/ledger/src/escape.ts:1 imports '../../core/src/paths': a relative import may not leave libs/ledger/src; import the lib by its package name",
    "libs/ledger/src/index.ts:2 imports '@taskpod/core/dist/paths.js': 'dist/paths.js' is internal to @taskpod/core; use '@taskpod/core'",
    "libs/nx-plugin/src/create-nodes.ts:2 imports '@taskpod/pipeline': graph construction (src/index.ts and what it imports) may import only core, not pipeline",
    "libs/pipeline/src/index.ts:2 imports '@taskpod/git': @taskpod/git is not in libs/pipeline/package.json dependencies",
  ]);
});

test("the checker reports testing in a product lib's runtime dependencies", (t) => {
  const dir = plant(t, {
    'libs/core/package.json': pkg('@taskpod/core', { '@taskpod/testing': '0' }),
    'libs/core/src/index.ts': 'export const a = 1;\n',
    'libs/testing/package.json': pkg('@taskpod/testing'),
    'libs/testing/src/index.ts': 'export const t = 1;\n',
  });
  assert.deepEqual(checkImportBoundaries(dir).map(formatViolation), [
    "libs/core/package.json:0 imports '@taskpod/testing': testing may be only a devDependency of a product lib",
  ]);
});
