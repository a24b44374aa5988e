import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT, initGitRepo, makeTempDir, runTaskpod } from '@taskpod/testing';
import initGenerator from '../init-generator';
import { WORKFLOW } from './init-files';
import { MATRIX_WORKFLOW_FILE, matrixWorkflow } from './matrix-workflow';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

test('the matrix workflow parses and names N jobs, each running `taskpod run --ready` as its own runner', () => {
  for (const n of [1, 3, 8]) {
    const workflow = parse(matrixWorkflow(n));
    assert.deepEqual(
      workflow.jobs.runner.strategy.matrix.runner,
      Array.from({ length: n }, (_, i) => i + 1),
    );
    assert.equal(workflow.jobs.runner.strategy['fail-fast'], false, 'one runner failing leaves the others running');
    assert.match(workflow.concurrency.group, /^taskpod-/);
    const steps = workflow.jobs.runner.steps as Step[];
    assert.equal(steps.find((s) => s.uses?.startsWith('actions/checkout'))?.with?.['fetch-depth'], 0);
    assert.ok(steps.some((s) => s.run === 'npm ci'));
    const run = steps.find((s) => s.run === 'npx taskpod run --ready');
    // GitHub's expression, not a template placeholder.
    assert.equal(run?.env?.TASKPOD_RUNNER, `ci-${'$'}{{ matrix.runner }}`);
    assert.equal(run?.env?.NX_NO_CLOUD, 'true');
  }
});

test("the README's workflows are what init writes (one source)", () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const shown = blocks.find((block) => block.includes('name: taskpod-matrix'));
  assert.ok(shown, 'the README shows the matrix workflow');
  const n = parse(shown).jobs.runner.strategy.matrix.runner.length;
  assert.equal(shown, matrixWorkflow(n));
  assert.ok(blocks.includes(WORKFLOW), "and the README's affected-tasks workflow is init's too");
});

test('taskpod init --ci-matrix N writes the workflow for N runners; a bad N is a usage error that writes nothing', async (t) => {
  const { dir, cleanup } = makeTempDir('taskpod-init-matrix-');
  t.after(cleanup);
  initGitRepo(dir);
  for (const bad of ['0', '257', 'three', '2.5']) {
    const refused = await runTaskpod(dir, ['init', '--yes', '--ci-matrix', bad]);
    assert.equal(refused.code, 2, bad);
    assert.match(refused.stderr, /--ci-matrix takes the number of runners, 1 to 256/);
    assert.equal(existsSync(path.join(dir, 'nx.json')), false, 'nothing written');
  }
  const written = await runTaskpod(dir, ['init', '--yes', '--ci-matrix', '3']);
  assert.equal(written.code, 0, written.stderr);
  assert.match(written.stdout, new RegExp(`created ${MATRIX_WORKFLOW_FILE} \\(CI: 3 runners`));
  assert.equal(readFileSync(path.join(dir, MATRIX_WORKFLOW_FILE), 'utf8'), matrixWorkflow(3));
  const again = await runTaskpod(dir, ['init', '--yes', '--ci-matrix', '5']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /taskpod-matrix\.yml exists and init never overwrites it/);
  assert.equal(readFileSync(path.join(dir, MATRIX_WORKFLOW_FILE), 'utf8'), matrixWorkflow(3), 'left as it was');
});

test('the Nx generator (nx g taskpod:init --ciMatrix N) writes the same workflow', async (t) => {
  const { dir, cleanup } = makeTempDir('taskpod-init-generator-');
  t.after(cleanup);
  initGitRepo(dir);
  const { FsTree } = require('nx/src/generators/tree') as typeof import('nx/src/generators/tree');
  const tree = new FsTree(dir, false);
  await initGenerator(tree, { ciMatrix: 2 });
  assert.equal(tree.read(MATRIX_WORKFLOW_FILE, 'utf8'), matrixWorkflow(2));
  const plain = new FsTree(dir, false);
  await initGenerator(plain);
  assert.equal(plain.exists(MATRIX_WORKFLOW_FILE), false, 'only on request');
});
