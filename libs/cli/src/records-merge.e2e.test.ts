import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { buildMetrics, formatMetrics, isPatchEntry, parseLedger } from '@taskpod/ledger';
import { git, initGitRepo, makeLogInputs, makeTempDir, taskpod, writeFiles, writeLogInputs, GIT_TEST_ENV } from '@taskpod/testing';
import { GITATTRIBUTES_LINES } from './init/init-files';

const task = (id: string, pod: string) => `id: ${id}\ndescription: Do ${id}\npod: ${pod}\nphase: 1\nstatus: ready\n`;
const read = (dir: string, rel: string) => readFileSync(path.join(dir, rel), 'utf8');

/**
 * Two runners of one backlog: two clones of one origin each log a different task with the real
 * CLI, commit and push; the second pulls with plain git. The records must merge with no conflict
 * and no lost line, and metrics.yaml must be what the merged ledger gives.
 */
/**
 * A bare origin holding a backlog of `tasks` (id and pod; with `seedLogged`, T0 logged first), and
 * `logIn`: a clone of it where one task is logged with the CLI and committed.
 */
function sharedBacklog(t: { after: (fn: () => void) => void }, tasks: [string, string][], seedLogged = false) {
  const { dir, cleanup } = makeTempDir('taskpod-records-merge-');
  t.after(cleanup);
  const origin = path.join(dir, 'origin.git');
  const seed = path.join(dir, 'seed');
  for (const repo of [origin, seed]) mkdirSync(repo);
  initGitRepo(origin, { bare: true });
  initGitRepo(seed);
  writeFiles(seed, {
    'nx.json': '{"plugins":["taskpod/nx-plugin"]}\n',
    '.gitattributes': `${GITATTRIBUTES_LINES.join('\n')}\n`,
    ...Object.fromEntries(tasks.map(([id, pod]) => [`task_templates/${id.toLowerCase()}/task.yaml`, task(id, pod)])),
  });
  const env = { ...GIT_TEST_ENV };
  if (seedLogged) {
    writeLogInputs(seed, makeLogInputs('T0', new Date('2026-11-24T00:00:00Z')));
    assert.equal(taskpod(seed, ['log', 'T0'], env).code, 0);
  }
  git(seed, 'add', '-A');
  git(seed, 'commit', '-qm', 'backlog');
  git(seed, 'remote', 'add', 'origin', origin);
  git(seed, 'push', '-q', 'origin', 'main');
  const logIn = (name: string, id: string, at: string, pod: string, pr: number) => {
    const clone = path.join(dir, name);
    git(dir, 'clone', '-q', origin, clone);
    writeLogInputs(clone, makeLogInputs(id, new Date(at), { pod, pr }));
    const logged = taskpod(clone, ['log', id], env);
    assert.equal(logged.code, 0, logged.stderr);
    git(clone, 'add', '-A');
    git(clone, 'commit', '-qm', `log ${id}`);
    return clone;
  };
  return { env, logIn };
}

async function twoRunnersLog(t: { after: (fn: () => void) => void }, seedLogged: boolean, pull: 'merge' | 'rebase') {
  const { logIn } = sharedBacklog(
    t,
    [
      ['T0', 'DevPod'],
      ['T1', 'DevPod'],
      ['T2', 'QAPod'],
    ],
    seedLogged,
  );
  const runner = (name: string, id: string, at: string, pod: string) => logIn(name, id, at, pod, id === 'T1' ? 11 : 12);
  // B logs earlier than A but pushes later: the merge, not the clock, decides what meets whom.
  const a = runner('a', 'T1', '2026-11-24T02:00:00Z', 'DevPod');
  const b = runner('b', 'T2', '2026-11-24T01:00:00Z', 'QAPod');
  git(a, 'push', '-q', 'origin', 'main');
  // Plain git, as a user or a CI job would: any conflict fails the pull.
  git(b, '-c', `pull.rebase=${pull === 'rebase'}`, 'pull', '-q', '--no-edit', 'origin', 'main');
  assert.equal(git(b, 'diff', '--name-only', '--diff-filter=U'), '');
  assert.equal(git(b, 'status', '--porcelain'), '', 'the merge leaves nothing to resolve or recompute');
  return b;
}

for (const [seedLogged, pull] of [
  [false, 'merge'],
  [true, 'merge'],
  [true, 'rebase'],
] as const) {
  test(`two clones' records ${pull} with no conflict and no lost line (${seedLogged ? 'a logged base' : 'both create the records'})`, async (t) => {
    const b = await twoRunnersLog(t, seedLogged, pull);
    const ids = seedLogged ? ['T0', 'T1', 'T2'] : ['T1', 'T2'];
    const ledger = parseLedger(read(b, '.logs/ledger.jsonl')).filter(isPatchEntry);
    assert.deepEqual(ledger.map((e) => e.task_id).sort(), ids);
    const trace = read(b, '.logs/trace_log.md');
    assert.doesNotMatch(trace, /^(<<<<<<<|=======|>>>>>>>)/m);
    for (const id of ids)
      assert.equal(trace.split('\n').filter((line) => line.startsWith('| ') && line.includes(` | ${id} | `)).length, 1, id);
    assert.equal(trace.match(/^# Trace log/gm)?.length, 1, 'one header');
    assert.equal(read(b, 'metrics/metrics.yaml'), formatMetrics(buildMetrics(parseLedger(read(b, '.logs/ledger.jsonl')))));
    for (const id of ids) assert.match(read(b, `task_templates/${id.toLowerCase()}/task.yaml`), /^status: done$/m, id);
  });
}

test('in a clone where taskpod never logged, metrics.yaml conflicts; `taskpod records` resolves it from the merged ledger', async (t) => {
  const { env, logIn } = sharedBacklog(t, [
    ['T1', 'DevPod'],
    ['T2', 'QAPod'],
  ]);
  // Each clone logs; the second then loses its driver, as a clone where taskpod never ran has none.
  const clones = ['T1', 'T2'].map((id, i) => logIn(id.toLowerCase(), id, `2026-11-24T0${i + 1}:00:00Z`, i ? 'QAPod' : 'DevPod', 20 + i));
  const [a, b] = clones as [string, string];
  git(a, 'push', '-q', 'origin', 'main');
  git(b, 'config', '--local', '--remove-section', 'merge.taskpod-metrics');
  assert.throws(() => git(b, '-c', 'pull.rebase=false', 'pull', '-q', '--no-edit', 'origin', 'main'));
  assert.equal(git(b, 'diff', '--name-only', '--diff-filter=U'), 'metrics/metrics.yaml', 'only metrics.yaml conflicts');
  const fixed = taskpod(b, ['records'], env);
  assert.equal(fixed.code, 0, fixed.stderr);
  assert.match(fixed.stdout, /Recomputed from the ledger: metrics\/metrics\.yaml\./);
  assert.equal(read(b, 'metrics/metrics.yaml'), formatMetrics(buildMetrics(parseLedger(read(b, '.logs/ledger.jsonl')))));
  git(b, 'add', 'metrics/metrics.yaml');
  git(b, 'commit', '-qm', 'merge origin');
  assert.match(
    git(b, 'config', '--local', 'merge.taskpod-metrics.driver'),
    /merge-metrics-driver\.js" %O %A %B$/,
    'the driver is set for next time',
  );
  assert.equal(taskpod(b, ['records'], env).stdout, 'The records already agree with the ledger: nothing to write.\n');
});
