import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { GIT_TEST_ENV, commitFiles, git, initGitRepo, makeTempDir, taskpod } from '@taskpod/testing';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

describe('taskpod init', () => {
  it('makes an Nx repository with a project of its own a workspace, keeps its settings, and a second run changes nothing', (t) => {
    const { dir, cleanup } = makeTempDir('taskpod-init-');
    t.after(cleanup);
    initGitRepo(dir);
    commitFiles(dir, {
      'package.json': '{ "name": "host", "private": true, "devDependencies": { "nx": "23.2.1" } }\n',
      'nx.json': '{ "targetDefaults": { "build": { "cache": true } }, "plugins": [] }\n',
      'packages/app/project.json': '{ "name": "app", "targets": { "build": { "command": "echo built" } } }\n',
      '.gitignore': 'node_modules\n.logs/*\n',
    });
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    mkdirSync(path.join(dir, 'packages/app/src'));

    const first = taskpod(path.join(dir, 'packages/app/src'), ['init', '--yes'], GIT_TEST_ENV);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^updated package\.json \(devDependencies: taskpod@\^0\.1\.0\)$/m);
    assert.match(first.stdout, /^updated nx\.json \("analytics": false, the taskpod\/nx-plugin plugin\)$/m);
    assert.match(first.stdout, /^updated \.gitignore /m);
    for (const file of ['task_templates/example/task.yaml', 'prompts/example.md', 'memory/memory.yaml', '.github/workflows/taskpod.yml']) {
      assert.match(first.stdout, new RegExp(`^created ${file.replace(/\./g, '\\.')} `, 'm'));
    }
    assert.equal(first.stderr, '');
    const nxJson = JSON.parse(readFileSync(path.join(dir, 'nx.json'), 'utf8'));
    assert.deepEqual(nxJson.targetDefaults, { build: { cache: true } });

    // The records are trackable despite `.logs/*`; scratch is ignored.
    const ignored = spawnSync(
      'git',
      [
        'check-ignore',
        '--no-index',
        '.logs/trace_log.md',
        '.logs/feedback/example.md',
        '.logs/ledger.jsonl',
        'metrics/metrics.yaml',
        '.patches/patch_1_example.diff',
        '.patches/replies/ab/ab.json',
        '.patches/example/files/docs/a.md',
        '.logs/report.html',
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    assert.deepEqual(ignored.stdout.trim().split('\n'), ['.patches/example/files/docs/a.md', '.logs/report.html']);

    const second = taskpod(dir, ['init', '--yes'], GIT_TEST_ENV);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, `Nothing to change: ${dir} is already a taskpod workspace.\n`);

    // The example renders, and the user's project stays beside it.
    const prompt = taskpod(dir, ['prompt', 'example', '--offline']);
    assert.equal(prompt.code, 0, prompt.stderr);
    assert.match(prompt.stdout, /# Task example/);
    const projects = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/nx/dist/bin/nx.js'), 'show', 'projects'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_ISOLATE_PLUGINS: 'false' },
    });
    assert.equal(projects.status, 0, projects.stderr);
    assert.deepEqual(projects.stdout.trim().split('\n').sort(), ['app', 'example']);
    assert.equal(git(dir, 'status', '--porcelain', '--', 'packages'), '');
  });

  it('outside a git repository is an error saying so; nothing is written', (t) => {
    const { dir, cleanup } = makeTempDir('taskpod-init-');
    t.after(cleanup);
    const result = taskpod(dir, ['init', '--yes'], { GIT_CEILING_DIRECTORIES: path.dirname(dir) });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /is not in a git repository/);
    assert.match(result.stderr, /git init/);
    assert.equal(spawnSync('ls', ['-A', dir], { encoding: 'utf8' }).stdout, '');
  });

  it('without --yes and no terminal to ask on, refuses and lists what it would write', (t) => {
    const { dir, cleanup } = makeTempDir('taskpod-init-');
    t.after(cleanup);
    initGitRepo(dir);
    const result = taskpod(dir, ['init']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /pass --yes/);
    assert.match(result.stderr, /created nx\.json/);
    assert.equal(spawnSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8' }).stdout, '');
  });
});
