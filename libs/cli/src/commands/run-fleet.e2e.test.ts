import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
  REPO_ROOT,
  TASKPOD_BIN,
  addOrigin,
  cliTestEnv,
  git,
  initGitRepo,
  makeNxWorkspace,
  makeTempDir,
  runTaskpod,
  startGitHubServer,
  startOpenAiServer,
} from '@taskpod/testing';

const IDS = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'];
const task = (id: string) =>
  [`id: ${id}`, `description: Write ${id}`, 'pod: DevPod', 'status: ready', `outputs: [src/${id.toLowerCase()}.ts]`, ''].join('\n');
const answer = (id: string) => ({
  summary: `Write ${id}`,
  files: [{ path: `src/${id.toLowerCase()}.ts`, content: `export const x = '${id}';\n` }],
});

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * One bare origin with a backlog, `count` clones of it (runners), a loopback model and a loopback
 * GitHub, all removed after the test. The origin's post-receive hook logs every ref it updates.
 */
async function makeFleet(
  t: { after: (fn: () => void | Promise<void>) => void },
  ids: string[],
  count: number,
  hold?: (id: string) => Promise<void>,
) {
  const model = await startOpenAiServer(answer, hold);
  t.after(model.close);
  const github = await startGitHubServer();
  t.after(github.close);
  const files = Object.fromEntries(ids.map((id) => [`task_templates/${id.toLowerCase()}/task.yaml`, task(id)]));
  // What `taskpod init` writes, so the runners' records merge (docs/file-formats.md).
  files['.gitattributes'] = '.logs/ledger.jsonl merge=union\n.logs/trace_log.md merge=union\nmetrics/metrics.yaml merge=taskpod-metrics\n';
  const ws = makeNxWorkspace(files, () => ({
    provider: 'openai',
    model: 'gpt-4o-mini',
  }));
  t.after(ws.cleanup);
  const temp = makeTempDir('taskpod-fleet-');
  t.after(temp.cleanup);
  const origin = addOrigin(temp.dir, ws.dir);
  writeFileSync(path.join(origin, 'hooks/post-receive'), '#!/bin/sh\necho push >> pushes.log\ncat >> updates.log\n');
  chmodSync(path.join(origin, 'hooks/post-receive'), 0o755);
  const roots = [ws.dir];
  for (let i = 1; i < count; i++) {
    const root = path.join(temp.dir, `runner-${i + 1}`);
    git(temp.dir, 'clone', '-q', origin, root);
    initGitRepo(root);
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    roots.push(root);
  }
  const env = (root: string, runner: string, extra: NodeJS.ProcessEnv = {}) =>
    cliTestEnv(root, {
      NX_ISOLATE_PLUGINS: 'false',
      NX_TUI: 'false',
      OPENAI_API_KEY: 'sk-fleet-test-key',
      OPENAI_BASE_URL: model.url,
      GITHUB_TOKEN: 'ghp_fleet_test_token',
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'acme/shop',
      TASKPOD_RUNNER: runner,
      ...extra,
    });
  const children = new Set<ChildProcess>();
  t.after(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) stop(child);
  });
  /** `taskpod <args>` spawned in runner `i` (its own process group, so a kill takes nx with it), stopped after 50 s. */
  const start = (i: number, args: string[], extra: NodeJS.ProcessEnv = {}) => {
    const child = spawn(process.execPath, [TASKPOD_BIN, ...args], {
      cwd: roots[i]!,
      env: env(roots[i]!, `runner-${i + 1}`, extra),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => void (stdout += String(chunk)));
    child.stderr!.on('data', (chunk) => void (stderr += String(chunk)));
    const timer = setTimeout(() => stop(child), 50_000);
    const done = new Promise<Finished>((resolve) =>
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      }),
    );
    return { child, done };
  };
  const lines = (file: string) => {
    let text = '';
    try {
      text = readFileSync(path.join(origin, file), 'utf8');
    } catch {}
    return text.split('\n').filter(Boolean);
  };
  const updates = () => lines('updates.log');
  /** Every push origin received and what it updated: branches, claims, shared replies. */
  const traffic = () => ({
    pushes: lines('pushes.log').length,
    branches: updates().filter((l) => / refs\/heads\/taskpod\//.test(l)).length,
    claims: updates().filter((l) => / refs\/taskpod\/claims\//.test(l)).length,
    replies: updates().filter((l) => / refs\/taskpod\/replies\//.test(l)).length,
  });
  /** How often each task's branch was pushed to origin, and each task's pull requests and model calls. */
  const counts = (id: string) => ({
    id,
    model: model.calls.filter((c) => c === id).length,
    pushed: updates().filter((line) => line.endsWith(` refs/heads/taskpod/${id}`)).length,
    prs: github.pulls.filter((p) => p.head.ref === `taskpod/${id}`).length,
  });
  /** Each runner commits its records and pushes them to main, pulling (a merge) first, as the matrix workflow does. */
  const pushRecords = () => {
    for (const [i, root] of roots.entries()) {
      const records = ['.patches', '.logs', 'metrics', 'task_templates'].filter((rel) => existsSync(path.join(root, rel)));
      git(root, 'add', '-A', '--', ...records);
      if (git(root, 'diff', '--cached', '--name-only') === '') continue;
      git(root, 'commit', '-q', '-m', `taskpod: record runner ${i + 1}`);
      git(root, 'pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main');
      git(root, 'push', '-q', 'origin', 'HEAD:main');
    }
  };
  return { origin, roots, start, counts, model, traffic, pushRecords };
}

/**
 * Kills a spawned runner and every process under it: its process group, and the descendants Nx
 * started in groups of their own (a batch process outliving its parent would go on renewing claims).
 */
function stop(child: ChildProcess): void {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter((pair) => pair.length === 2);
  const tree = [child.pid!];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of table) if (ppid === tree[i] && !tree.includes(pid!)) tree.push(pid!);
  for (const pid of [-child.pid!, ...tree]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

const results = (run: Finished) => {
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  const summary = JSON.parse(run.stdout) as { tasks: { id: string; result: string }[] };
  return new Map(summary.tasks.map((s) => [s.id, s.result] as const));
};

/** The human summary's results, each `claimed` one with its note naming the runner that has it. */
const humanResults = (run: Finished) => {
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  const rows = new Map([...run.stdout.matchAll(/^(T\d)\s+(\S+)/gm)].map((m) => [m[1]!, m[2]!] as const));
  assert.equal(rows.size, IDS.length, run.stdout);
  for (const [id, result] of rows)
    if (result === 'claimed') assert.match(run.stdout, new RegExp(`^${id}: skipped: (claimed|delivered) by runner-[12]\\b`, 'm'));
  assert.match(run.stdout, /^6 tasks: \d done(, \d claimed by other runners)?;/m);
  return rows;
};

describe('a fleet of runners on one origin', { timeout: 120_000 }, () => {
  test('three clones running `taskpod run --ready` at once: every task asked once, pushed once, one PR each', async (t) => {
    const fleet = await makeFleet(t, IDS, 3);
    // The third runner prints the human summary, the others JSON.
    const runs = await Promise.all([0, 1, 2].map((i) => fleet.start(i, ['run', '--ready', ...(i < 2 ? ['--json'] : [])]).done));
    const byRunner = [...runs.slice(0, 2).map(results), humanResults(runs[2]!)];
    const figures = IDS.map(fleet.counts);
    t.diagnostic(`per task (model calls, pushes, PRs): ${figures.map((f) => `${f.id} ${f.model}/${f.pushed}/${f.prs}`).join(', ')}`);
    t.diagnostic(`origin received: ${JSON.stringify(fleet.traffic())}`);
    t.diagnostic(`done per runner: ${byRunner.map((r) => [...r].filter(([, v]) => v === 'done').length).join(', ')}`);
    for (const f of figures) assert.deepEqual(f, { id: f.id, model: 1, pushed: 1, prs: 1 });
    for (const id of IDS) {
      const outcome = byRunner.map((r) => r.get(id));
      assert.equal(outcome.filter((o) => o === 'done').length, 1, `${id}: one runner delivers it (${outcome.join(', ')})`);
      assert.equal(outcome.filter((o) => o === 'claimed').length, 2, `${id}: the others skip it (${outcome.join(', ')})`);
    }
    // The three runners' records merge on origin's main: one trace row per task, every task done.
    fleet.pushRecords();
    const show = (rel: string) => git(fleet.origin, 'show', `main:${rel}`);
    const rows = show('.logs/trace_log.md')
      .split('\n')
      .filter((line) => /^\| \d{4}-/.test(line));
    assert.deepEqual(rows.map((row) => row.split(' | ')[1]!.trim()).sort(), IDS, show('.logs/trace_log.md'));
    for (const id of IDS) assert.match(show(`task_templates/${id.toLowerCase()}/task.yaml`), /^status: done$/m);
    // The merged metrics are what the merged ledger says: recomputing them in a clone of main changes nothing.
    const { dir: check, cleanup } = makeTempDir('taskpod-fleet-check-');
    t.after(cleanup);
    git(path.dirname(check), 'clone', '-q', fleet.origin, check);
    const recomputed = await runTaskpod(check, ['records', '--json']);
    assert.equal(recomputed.code, 0, recomputed.stderr);
    assert.equal(git(check, 'status', '--porcelain', '--', 'metrics', '.logs'), '', 'metrics/metrics.yaml equals the ledger recomputed');
    assert.match(show('metrics/metrics.yaml'), /tasks_done: 6\b/, show('metrics/metrics.yaml'));
  });

  test('a runner killed mid-task has its claim taken over after the lease, and the task is delivered once', async (t) => {
    let firstCall = true;
    // The first runner's model call never returns: it is killed while it waits.
    const fleet = await makeFleet(t, ['K'], 2, () => {
      if (!firstCall) return Promise.resolve();
      firstCall = false;
      return new Promise(() => {});
    });
    const claimOnOrigin = () => git(fleet.origin, 'for-each-ref', '--format=%(objectname)', 'refs/taskpod/claims/K');
    const doomed = fleet.start(0, ['run', 'K'], { TASKPOD_CLAIM_LEASE: '2' });
    for (let waited = 0; fleet.model.calls.length === 0; waited += 100) {
      assert.ok(waited < 40_000, 'the first runner reached the model');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const held = claimOnOrigin();
    assert.match(git(fleet.origin, 'log', '-1', '--format=%b', held), /"runner":"runner-1","state":"claimed"/);
    stop(doomed.child);
    await doomed.done;
    // Past runner-1's lease as it renewed it last, while its model call was waiting.
    const lease = /"lease_expires_at":"([^"]+)"/.exec(git(fleet.origin, 'log', '-1', '--format=%b', claimOnOrigin()))![1]!;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(lease) - Date.now()) + 100));
    const rescue = await fleet.start(1, ['run', 'K']).done;
    assert.equal(rescue.code, 0, `${rescue.stdout}\n${rescue.stderr}`);
    assert.match(rescue.stdout + rescue.stderr, /K: took over the claim of runner-1 \(its lease expired at /);
    assert.deepEqual(
      fleet.counts('K'),
      { id: 'K', model: 2, pushed: 1, prs: 1 },
      'asked again (the first call was never answered), delivered once',
    );
    assert.match(git(fleet.origin, 'log', '-1', '--format=%b', claimOnOrigin()), /"runner":"runner-2","state":"delivered"/);
  });
});
