import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { FRAMEWORK_FIXTURE_IDS, commitFiles, frameworkFixture, initGitRepo, makeTempDir, runTaskpod } from '@taskpod/testing';

/** A git repository holding the framework-shaped fixture, committed, with no nx.json. */
function frameworkRepo(t: { after: (fn: () => void) => void }, extra: Record<string, string> = {}): string {
  const { dir, cleanup } = makeTempDir('taskpod-import-');
  t.after(cleanup);
  initGitRepo(dir);
  commitFiles(dir, { ...frameworkFixture(), ...extra }, 'the framework, as it is');
  return dir;
}
const read = (root: string, rel: string) => readFileSync(path.join(root, rel), 'utf8');
const git = (root: string, ...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });

describe('taskpod import', () => {
  it('stops the workspace before, and after --yes reads 31 tasks once each; a second run has nothing to do', async (t) => {
    const root = frameworkRepo(t);
    assert.equal((await runTaskpod(root, ['list'])).code, 1, 'the id with a space and a slash stops the workspace before import');
    const dry = await runTaskpod(root, ['import', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^create task_templates\/backlog\/1\.1_capture_project_goals\/task\.yaml: /m);
    assert.match(dry.stdout, /^remove task\.yaml: removed: its 31 tasks are now one file each under task_templates\/backlog\/ \(/m);
    assert.match(dry.stdout, /Dry run: \d+ change\(s\), nothing written\./);
    assert.equal(git(root, 'status', '--porcelain'), '', 'a dry run changes nothing');

    const noTty = await runTaskpod(root, ['import']);
    assert.equal(noTty.code, 2);
    assert.match(noTty.stderr, /there is no terminal to ask: pass --yes/);

    const done = await runTaskpod(root, ['import', '--yes']);
    assert.equal(done.code, 0, done.stderr);
    const rows = JSON.parse((await runTaskpod(root, ['list', '--json'])).stdout) as {
      id: string;
      status: string;
      category: string | null;
    }[];
    const expected = FRAMEWORK_FIXTURE_IDS.map((id) => id.replace('2.5 research/assist', '2.5_research_assist')).sort();
    assert.deepEqual(rows.map((r) => r.id).sort(), expected);
    assert.ok(
      rows.every((r) => r.status === 'ready'),
      'backlog/pending/up next/planned/todo/unassigned with ready: true are ready',
    );
    assert.equal((await runTaskpod(root, ['import', '--yes'])).stdout, 'Nothing to import: taskpod reads these files as they are.\n');
  });

  it('keeps what the user wrote: comments, unknown fields, history through git, and writes the id mapping down', async (t) => {
    const root = frameworkRepo(t);
    assert.equal((await runTaskpod(root, ['import', '--yes'])).code, 0);
    const goals = read(root, 'task_templates/backlog/1.1_capture_project_goals/task.yaml');
    assert.match(goals, /^# The delivery backlog, as the framework keeps it: one map of tasks\.$/m);
    assert.match(goals, /status: backlog +# the framework's tools rewrite this/);
    for (const field of [
      'feedback_file:',
      'assigned_to: unassigned',
      'created_by: human',
      'category: discovery',
      'instance_of: task_templates/Phase1_discovery/1.1_capture_project_goals/task.yaml',
    ]) {
      assert.ok(goals.includes(field), field);
    }
    assert.equal(existsSync(path.join(root, 'task.yaml')), false);
    const staged = git(root, 'status', '--porcelain');
    assert.match(staged, /^D {2}task\.yaml$/m);
    assert.match(staged, /^A {2}task_templates\/backlog\/2\.5_research_assist\/task\.yaml$/m);
    assert.equal(
      read(root, 'task_templates/id-map.yaml')
        .split('\n')
        .filter((l) => l.includes('2.5'))
        .join('\n'),
      '2.5 research/assist: 2.5_research_assist',
    );
    assert.match(read(root, 'task_templates/backlog/2.7_agile_metrics/task.yaml'), /depends_on: \[ ?2\.5_research_assist ?\]/);
    assert.match(
      read(root, 'task_templates/Phase2_development/2.5_research_support/task.yaml'),
      /^template: true\n\ntasks:\n {2}2\.5_research_assist:/,
      'templates stay templates',
    );
    assert.match(
      read(root, 'task_templates/backlog/2.4a_fix_bugs_from_qa/task.yaml'),
      /2\.3_qa_review_feature/,
      'a depends_on naming a template folder names the task',
    );
    assert.match(read(root, 'task_templates/backlog/0.3_clone_task/task.yaml'), /taskpod_command: taskpod add --from 0\.3_clone_task/);
    assert.deepEqual(JSON.parse(read(root, 'nx.json')).plugins, [{ plugin: 'taskpod/nx-plugin' }]);
    assert.equal(JSON.parse(read(root, 'nx.json')).analytics, false);
  });

  it('adds the plugin to an existing nx.json, keeping its settings, and refuses to overwrite a file', async (t) => {
    const root = frameworkRepo(t, {
      'nx.json': '{ "namedInputs": { "default": ["{projectRoot}/**/*"] } }\n',
      'task_templates/backlog/0.3_clone_task/task.yaml': 'id: mine\n',
    });
    const refused = await runTaskpod(root, ['import', '--yes']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Refusing to overwrite task_templates\/backlog\/0\.3_clone_task\/task\.yaml; nothing was changed\./);
    assert.equal(git(root, 'status', '--porcelain'), '');
    git(root, 'rm', '-q', 'task_templates/backlog/0.3_clone_task/task.yaml');
    assert.equal((await runTaskpod(root, ['import', '--yes'])).code, 0);
    const nx = JSON.parse(read(root, 'nx.json'));
    assert.deepEqual(nx.namedInputs, { default: ['{projectRoot}/**/*'] });
    assert.deepEqual(nx.plugins, [{ plugin: 'taskpod/nx-plugin' }]);
  });

  it("list filters by the framework's category and takes its status words", async (t) => {
    const root = frameworkRepo(t);
    assert.equal((await runTaskpod(root, ['import', '--yes'])).code, 0);
    const qa = JSON.parse((await runTaskpod(root, ['list', '--json', '--category', 'qa'])).stdout) as { id: string; category: string }[];
    assert.deepEqual(qa.map((r) => r.id).sort(), [
      '1.4_write_acceptance_criteria',
      '2.4b_retest_after_fixes',
      '3.1_define_e2e_test_plan',
      '3.2_execute_e2e_scenarios',
      '4.2_final_smoke_tests',
    ]);
    assert.equal(JSON.parse((await runTaskpod(root, ['list', '--json', '--status', 'completed'])).stdout).length, 0);
    assert.equal((await runTaskpod(root, ['list', '--status', 'someday'])).code, 2);
  });

  it('an empty task file is a warning naming it; the rest of the workspace works', async (t) => {
    const root = frameworkRepo(t);
    assert.equal((await runTaskpod(root, ['import', '--yes'])).code, 0);
    const result = await runTaskpod(root, ['next']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, '1.1_capture_project_goals\n');
    assert.match(result.stderr, /warning: task_templates\/Cross-Phase\/0\.9_memory_search\/task\.yaml:1: is empty: no task here; ignored/);
  });
});
