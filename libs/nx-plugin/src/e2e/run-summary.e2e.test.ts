import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT, cliTestEnv, makeNxWorkspace, type NxWorkspace } from '@taskpod/testing';

/** A shell "model" that refuses task B and answers the others with one file. */
const FAKE_MODEL = `let input = '';
process.stdin.on('data', (d) => (input += d)).on('end', () => {
  if (input.includes('Implement feature B')) { process.stderr.write('model exploded on B\\nsecond line\\n'); process.exit(3); }
  const id = /Implement feature (\\w)/.exec(input)[1].toLowerCase();
  process.stdout.write(JSON.stringify({ summary: 'wrote ' + id, files: [{ path: 'src/' + id + '.ts', content: 'export const x = 1;\\n' }] }));
});
`;

const task = (id: string) =>
  [
    `id: ${id}`,
    `description: Implement feature ${id}`,
    'phase: 1',
    'pod: DevPod',
    'status: ready',
    `outputs: [src/${id.toLowerCase()}.ts]`,
    '',
  ].join('\n');

describe('taskpod run tells what happened: failed tasks, their reason, exit 1, and cache replays', () => {
  let ws: NxWorkspace;
  let flag: string;
  const taskpod = (args: string[]) => {
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'libs/cli/bin/taskpod.js'), ...args], {
      cwd: ws.dir,
      encoding: 'utf8',
      env: cliTestEnv(ws.dir),
      timeout: 120_000,
    });
    return { code: result.status, out: result.stdout + result.stderr };
  };

  before(() => {
    ws = makeNxWorkspace(
      { 'task_templates/a/task.yaml': task('A'), 'task_templates/b/task.yaml': task('B'), 'tools/fake-model.cjs': FAKE_MODEL },
      (dir) => {
        flag = path.join(dir, '..', `verify-ok-${process.pid}`);
        return {
          provider: 'shell',
          model: 'fake',
          shell: { command: [process.execPath, path.join(dir, 'tools/fake-model.cjs')] },
          // Apply fails until the flag exists, so a second run finds A's `run` in Nx's cache.
          verify: [[process.execPath, '-e', `process.exit(require('fs').existsSync(${JSON.stringify(flag)}) ? 0 : 1)`]],
        };
      },
    );
  });
  after(() => ws.cleanup());

  test('a failing task gives exit 1, RESULT failed, and the first line of its reason; the other still finishes its steps', () => {
    const { code, out } = taskpod(['run', '--ready']);
    assert.equal(code, 1, out);
    assert.match(out, /^B\s+failed\s/m);
    assert.match(out, /^B failed in `run`: .*exited with code 3\.$/m);
    assert.match(out, /^A\s+failed\s/m, 'A fails in apply: its verify command fails');
    assert.match(out, /^A failed in `apply`: /m);
    assert.ok(existsSync(path.join(ws.dir, '.patches/A/run.json')), 'A got its reply');
  });

  test('a rerun says which answers are Nx cache replays, and a logged task has no failure record left', () => {
    writeFileSync(flag, 'ok');
    const { code, out } = taskpod(['run', 'A']);
    assert.equal(code, 0, out);
    const run = JSON.parse(readFileSync(path.join(ws.dir, '.patches/A/run.json'), 'utf8'));
    assert.match(out, /^A\s+done\s/m);
    assert.ok(out.includes(`A: Nx cache hit: replays the run of ${run.started_at} (no model call now).`), out);
    assert.ok(!existsSync(path.join(ws.dir, '.patches/A/failure.json')));
    // Nx's footer, printed after a run that succeeded, times it from task times batch executors do
    // not give it ("Run duration: 3ms"); the totals line has the wall time.
    assert.match(out, /Successfully ran target/);
    assert.doesNotMatch(out, /Run duration:|Critical path:|Recoverable time:/);
  });
});
