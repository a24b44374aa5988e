import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT, git, makeTempDir, runTaskpod, startLoopbackWorkspace, type LoopbackWorkspace } from '@taskpod/testing';

const task = (id: string, extra: string[] = []) =>
  [`id: ${id}`, `description: Write ${id}`, 'pod: DevPod', 'status: ready', `outputs: [src/${id.toLowerCase()}.ts]`, ...extra, ''].join(
    '\n',
  );

/** A real workspace (nx, git, a bare origin) whose model and GitHub are loopback servers. */
describe('taskpod undo', () => {
  let ws: LoopbackWorkspace;
  const env = () => ws.env();
  const taskpod = (...args: string[]) => runTaskpod(ws.dir, args, env());
  const read = (rel: string) => readFileSync(path.join(ws.dir, rel), 'utf8');
  const status = (id: string) => /^status: (\S+)/m.exec(read(`task_templates/${id.toLowerCase()}/task.yaml`))![1];
  const localBranch = (id: string) => git(ws.dir, 'branch', '--list', `taskpod/${id}`);
  const remoteBranch = (id: string) => git(ws.dir, 'ls-remote', '--heads', ws.origin, `refs/heads/taskpod/${id}`);
  const metrics = () => parse(read('metrics/metrics.yaml')).totals as Record<string, number>;
  const traceRow = (id: string) =>
    read('.logs/trace_log.md')
      .split('\n')
      .filter((l) => l.startsWith(`| 2`) && l.split(' | ')[1]!.startsWith(id));
  const pullOf = (id: string) => ws.github.pulls.filter((p) => p.head.ref === `taskpod/${id}`).at(-1)!;
  /** nx without blocking this process, whose loopback servers answer the executors. */
  const nx = (...args: string[]) =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [path.join(REPO_ROOT, 'node_modules/nx/dist/bin/nx.js'), ...args], {
        cwd: ws.dir,
        env: env(),
        stdio: 'ignore',
      });
      child.on('close', resolve);
    });
  const ok = async (...args: string[]) => {
    const result = await taskpod(...args);
    assert.equal(result.code, 0, `taskpod ${args.join(' ')}\n${result.stdout}\n${result.stderr}`);
    return result;
  };

  before(async () => {
    ws = await startLoopbackWorkspace(
      {
        'task_templates/a/task.yaml': task('A'),
        'task_templates/b/task.yaml': task('B', ['depends_on: [A]']),
        'task_templates/c/task.yaml': task('C'),
        'task_templates/d/task.yaml': task('D'),
        'task_templates/e/task.yaml': task('E'),
        'task_templates/f/task.yaml': task('F'),
        'task_templates/g/task.yaml': task('G', ['depends_on: [F]']),
        'task_templates/n/task.yaml': task('N'),
      },
      (id) => ({
        summary: `Write ${id}`,
        files: [{ path: `src/${id.toLowerCase()}.ts`, content: `export const ${id.toLowerCase()} = 1;\n` }],
      }),
    );
  });
  after(() => ws?.close());

  test('after a whole run: no branch here or on origin, the PR closed with a comment, status ready, the trace row marked, metrics no longer count it', async () => {
    await ok('run', 'A', 'B');
    assert.deepEqual(ws.model.calls.sort(), ['A', 'B']);
    assert.equal(status('A'), 'done');
    assert.match(remoteBranch('A'), /refs\/heads\/taskpod\/A/);
    assert.equal(pullOf('A').state, 'open');
    const paid = metrics();
    assert.equal(paid.tasks_done, 2);

    // B's pull request is stacked on taskpod/A: deleting that branch would make GitHub close it.
    assert.equal(pullOf('B').base.ref, 'taskpod/A');
    const stacked = await taskpod('undo', 'A', '--yes');
    assert.equal(stacked.code, 1, stacked.stderr);
    assert.match(stacked.stderr, /Refusing to undo A: open pull request #\d+ \S+ \(task B, taskpod\/B\) targets taskpod\/A/);
    assert.match(stacked.stderr, /Undo B first \(`taskpod undo B`\), or everything stacked on A with it: `taskpod undo A --cascade`/);
    assert.match(remoteBranch('A'), /taskpod\/A/, 'nothing was changed');
    assert.equal(pullOf('A').state, 'open');
    // The reviewer points B's pull request at main on GitHub; now A can go alone.
    pullOf('B').base.ref = 'main';

    const refused = await taskpod('undo', 'A');
    assert.equal(refused.code, 2, 'no terminal to ask at, and no --yes');
    assert.match(refused.stderr, /standard input is not a terminal: pass --yes/);
    assert.match(localBranch('A'), /taskpod\/A/, 'nothing was changed');

    const undo = await ok('undo', 'A', '--yes');
    assert.match(undo.stdout, /^B depends on A and has its own branch taskpod\/B, apply record, logged patches: left alone/m);
    assert.equal(localBranch('A'), '');
    assert.equal(remoteBranch('A'), '');
    const pr = pullOf('A');
    assert.equal(pr.state, 'closed');
    assert.match(pr.comments[0]!, /Undone by `taskpod undo A`/);
    assert.equal(status('A'), 'ready');
    assert.match(read('task_templates/a/task.yaml'), /^updated_at: /m);
    assert.match(traceRow('A')[0]!, /\| A \(undone \d{4}-\d\d-\d\dT[\d:]+Z\) \|/);
    const now = metrics();
    assert.equal(now.tasks_done, 1, 'A is no longer done');
    assert.equal(now.files_changed, paid.files_changed! - 1);
    assert.equal(now.insertions, paid.insertions! - 1);
    assert.deepEqual(
      [now.tokens_in, now.tokens_out, now.cost_usd],
      [paid.tokens_in, paid.tokens_out, paid.cost_usd],
      'spend stays counted',
    );
    assert.equal(existsSync(path.join(ws.dir, '.patches/A/apply.json')), false);
    assert.ok(existsSync(path.join(ws.dir, '.patches/A/run.json')), 'the run record stays');
    const shown = JSON.parse((await ok('show', 'A', '--json')).stdout);
    assert.match(shown.logged[0].undone_at, /^\d{4}-/, 'show names the undone patch');
    assert.match(localBranch('B'), /taskpod\/B/, 'the dependent is left alone');
    assert.equal(pullOf('B').state, 'open');
  });

  test('a second undo says there is nothing to undo, changes nothing and exits 0', async () => {
    const writes = ws.github.writes().length;
    const ledger = read('.logs/ledger.jsonl');
    const again = await ok('undo', 'A', '--yes');
    assert.match(again.stdout, /^A was already undone at \S+; nothing to undo\.$/m);
    assert.equal(ws.github.writes().length, writes);
    assert.equal(read('.logs/ledger.jsonl'), ledger);
  });

  test('a rerun after undo makes no model call; undo --cascade then takes back the dependent first', async () => {
    const calls = ws.model.calls.length;
    await ok('run', 'A');
    assert.equal(ws.model.calls.length, calls, 'the reply store (or the Nx cache) answers');
    assert.equal(status('A'), 'done');
    assert.equal(metrics().tasks_done, 2);
    assert.equal(pullOf('A').state, 'open', 'a new pull request');

    const json = JSON.parse((await ok('undo', 'A', '--yes', '--cascade', '--json')).stdout);
    assert.deepEqual(
      json.tasks.map((t: { id: string }) => t.id),
      ['B', 'A'],
    );
    assert.deepEqual(json.left_alone, []);
    assert.equal(localBranch('B'), '');
    assert.equal(pullOf('B').state, 'closed');
    assert.equal(status('B'), 'ready');
    assert.equal(metrics().tasks_done, 0);
  });

  test('a pull request stacked on the branch keeps it: refused without --cascade, naming the dependent; --cascade closes the dependent first', async () => {
    await ok('run', 'F', 'G');
    assert.equal(pullOf('G').base.ref, 'taskpod/F');
    const writes = ws.github.writes().length;
    const refused = await taskpod('undo', 'F', '--yes', '--json');
    assert.equal(refused.code, 1, refused.stdout);
    assert.match(refused.stderr, new RegExp(`open pull request #${pullOf('G').number} \\S+ \\(task G, taskpod/G\\) targets taskpod/F`));
    assert.equal(refused.stdout, '', 'no plan printed, no JSON');
    assert.equal(ws.github.writes().length, writes, 'nothing was asked of GitHub but reads');
    assert.match(remoteBranch('F'), /taskpod\/F/);
    assert.match(localBranch('F'), /taskpod\/F/);
    assert.equal(pullOf('F').state, 'open');
    assert.equal(status('F'), 'done');

    const json = JSON.parse((await ok('undo', 'F', '--yes', '--cascade', '--json')).stdout);
    assert.deepEqual(
      json.tasks.map((t: { id: string }) => t.id),
      ['G', 'F'],
    );
    // GitHub saw G's pull request closed before F's branch went.
    const closes = ws.github.writes().filter((w) => /^PATCH \/repos\/acme\/shop\/pulls\/\d+$/.test(w));
    assert.deepEqual(
      closes.slice(-2).map((w) => Number(w.split('/').at(-1))),
      [pullOf('G').number, pullOf('F').number],
    );
    assert.equal(pullOf('G').state, 'closed');
    assert.equal(pullOf('F').state, 'closed');
    for (const id of ['F', 'G']) {
      assert.equal(remoteBranch(id), '');
      assert.equal(localBranch(id), '');
      assert.equal(status(id), 'ready');
    }
  });

  test('undo of a task that never applied says so, exit 0', async () => {
    const result = await ok('undo', 'N', '--yes');
    assert.match(
      result.stdout,
      /^N was never applied: no apply record, no taskpod\/N branch, no pull request, nothing logged; nothing to undo\.$/m,
    );
    assert.equal(status('N'), 'ready');
  });

  test('a commit on the branch that taskpod did not make is refused by name, and nothing changes', async () => {
    await ok('run', 'C');
    const scratch = makeTempDir('taskpod-undo-clone-');
    try {
      const clone = path.join(scratch.dir, 'clone');
      git(scratch.dir, 'clone', '-q', '--branch', 'taskpod/C', ws.origin, clone);
      writeFileSync(path.join(clone, 'src/c.ts'), 'export const c = 2; // a reviewer fixed this\n');
      git(clone, 'commit', '-qam', 'Fix c by hand');
      git(clone, 'push', '-q', 'origin', 'taskpod/C');
      const fix = git(clone, 'rev-parse', 'HEAD');
      const refused = await taskpod('undo', 'C', '--yes');
      assert.equal(refused.code, 1, refused.stderr);
      assert.match(
        refused.stderr,
        new RegExp(`taskpod/C on origin holds commit ${fix.slice(0, 12)} "Fix c by hand" \\(no Task-Id trailer\\)`),
      );
      assert.match(remoteBranch('C'), /taskpod\/C/);
      assert.match(localBranch('C'), /taskpod\/C/);
      assert.equal(pullOf('C').state, 'open');
      assert.equal(status('C'), 'done');
    } finally {
      scratch.cleanup();
    }
  });

  test('an --into current apply is taken back with a revert commit, refused while its file has uncommitted changes', async () => {
    git(ws.dir, 'add', '-A');
    git(ws.dir, 'commit', '-qm', 'records so far');
    assert.equal(await nx('run', 'D:patch'), 0);
    await ok('apply', 'D', '--into', 'current', '--no-push');
    await ok('log', 'D');
    const applied = git(ws.dir, 'rev-parse', 'HEAD');
    assert.match(git(ws.dir, 'log', '-1', '--format=%B'), /Task-Id: D/);

    writeFileSync(path.join(ws.dir, 'src/d.ts'), 'export const d = 3; // mine\n');
    const dirty = await taskpod('undo', 'D', '--yes');
    assert.equal(dirty.code, 1);
    assert.match(dirty.stderr, /uncommitted changes or are untracked: src\/d\.ts/);
    assert.equal(git(ws.dir, 'rev-parse', 'HEAD'), applied, 'nothing was changed');
    git(ws.dir, 'checkout', '--', 'src/d.ts');

    await ok('undo', 'D', '--yes');
    assert.equal(git(ws.dir, 'rev-parse', 'HEAD~1'), applied, 'a new commit on top: nothing was reset');
    const message = git(ws.dir, 'log', '-1', '--format=%B');
    assert.match(message, /^Revert "D: Write D"/);
    assert.match(message, new RegExp(`This reverts commit ${applied}\\.`));
    assert.equal(existsSync(path.join(ws.dir, 'src/d.ts')), false);
    assert.equal(git(ws.dir, 'status', '--porcelain', '--', 'src'), '');
    assert.equal(status('D'), 'ready');
  });

  test('a merged pull request is not undone silently: a revert pull request is opened against its base', async () => {
    await ok('run', 'E');
    const pr = pullOf('E');
    // GitHub merges it: origin's main gets the branch's commit.
    const commit = git(ws.dir, 'rev-parse', 'taskpod/E');
    git(ws.dir, 'push', '-q', ws.origin, `${commit}:refs/heads/main`);
    ws.github.merge(pr.number, commit);
    const result = await ok('undo', 'E', '--yes');
    assert.match(result.stdout, /pull request #\d+ was merged: opened revert pull request #\d+ \S+; merge it to take the work out of main/);
    const revert = ws.github.pulls.find((p) => p.head.ref === 'taskpod-undo/E')!;
    assert.equal(revert.base.ref, 'main');
    assert.match(revert.title, /^Revert E: Write E/);
    const tip = git(ws.dir, 'ls-remote', ws.origin, 'refs/heads/taskpod-undo/E').split('\t')[0]!;
    git(ws.dir, 'fetch', '-q', ws.origin, 'refs/heads/taskpod-undo/E');
    assert.equal(git(ws.dir, 'rev-parse', `${tip}^`), commit, 'the revert sits on main as merged');
    assert.equal(git(ws.dir, 'ls-tree', '--name-only', tip, 'src/e.ts'), '', 'and takes the file out again');
    assert.equal(remoteBranch('E'), '');
    assert.equal(status('E'), 'ready');
  });
});
