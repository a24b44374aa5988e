// The install a user does, against a real registry: the packed tarballs are published to a local
// verdaccio, then a fresh repository with a project of its own runs `npm install -D taskpod`,
// `npx taskpod init --yes`, `npx nx show projects` and `npx taskpod run --ready` (a loopback model,
// a bare origin), and the smoke part again on Node 24. TASKPOD_TEST_NX=<version> pins the host's nx
// (default: whatever npm picks for taskpod's peer range, the newest).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAnswerServer } from '../demo/answer-server.mjs';
import { PACKAGES_DIR, packPackages } from '../pack/pack-packages.mjs';
import { configuredRegistry, publishTarballs, startLocalRegistry } from './local-registry.mjs';

const GIT_ENV = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'host dev',
  GIT_AUTHOR_EMAIL: 'dev@host.invalid',
  GIT_COMMITTER_NAME: 'host dev',
  GIT_COMMITTER_EMAIL: 'dev@host.invalid',
};
const EXAMPLE_ANSWER = {
  summary: 'Wrote the example note.',
  files: [{ path: 'docs/taskpod-example.md', content: 'This repository is the host app.\n' }],
};

let dir, host, registry, model, env, packed;
const timings = [];

/** Runs a command in the host (async: the loopback model answers from this process meanwhile). */
async function run(cmd, args, { cwd = host, extraEnv = {}, timeout = 180_000 } = {}) {
  const started = Date.now();
  const child = spawn(cmd, args, { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGTERM'), timeout);
  const code = await new Promise((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  timings.push(`${cmd} ${args.join(' ')}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { code, stdout, stderr, out: `${cmd} ${args.join(' ')} (exit ${code}):\n${stdout}\n${stderr}` };
}

const git = (...args) => {
  const r = spawnSync('git', args, { cwd: host, env, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'taskpod-install-'));
  packed = packPackages();
  registry = await startLocalRegistry(path.join(dir, 'registry-home'), { uplink: configuredRegistry() });
  model = await startAnswerServer({ answerFor: (id) => (id === 'example' ? EXAMPLE_ANSWER : undefined) });
  env = {
    ...process.env,
    ...GIT_ENV,
    npm_config_userconfig: registry.npmrc,
    npm_config_registry: registry.url,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
  for (const name of [
    'OPENAI_API_KEY',
    'OPENAI_BASE_URL',
    'GITHUB_TOKEN',
    'GITHUB_REPOSITORY',
    'TASKPOD_PROVIDER',
    'TASKPOD_MODEL',
    'NX_WORKSPACE_DATA_DIRECTORY',
    'npm_config_prefix',
    'INIT_CWD',
  ])
    delete env[name];
  await publishTarballs(
    packed.map((p) => path.join(PACKAGES_DIR, p.filename)),
    registry,
  );
  host = path.join(dir, 'host');
  mkdirSync(path.join(host, 'packages/app'), { recursive: true });
  const devDependencies = process.env.TASKPOD_TEST_NX ? { nx: process.env.TASKPOD_TEST_NX } : {};
  writeFileSync(
    path.join(host, 'package.json'),
    `${JSON.stringify({ name: 'host', version: '1.0.0', private: true, devDependencies }, null, 2)}\n`,
  );
  writeFileSync(path.join(host, 'packages/app/project.json'), '{ "name": "app", "targets": { "build": { "command": "echo built" } } }\n');
  writeFileSync(path.join(host, '.gitignore'), 'node_modules\n');
  git('init', '-q', '-b', 'main');
  git('config', 'commit.gpgsign', 'false');
  git('add', '-A');
  git('commit', '-q', '-m', 'host app');
});

after(async () => {
  await model?.close();
  await registry?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the packed tarballs hold no tests, e2e helpers or build info, and taskpod ships the schemas', () => {
  const names = packed.map((p) => p.name).sort();
  assert.deepEqual(names, [
    '@taskpod/core',
    '@taskpod/git',
    '@taskpod/github',
    '@taskpod/ledger',
    '@taskpod/llm',
    '@taskpod/mcp',
    '@taskpod/nx-plugin',
    '@taskpod/pipeline',
    '@taskpod/prompt',
    '@taskpod/report',
    'taskpod',
  ]);
  for (const p of packed) {
    const bad = p.files.map((f) => f.path).filter((f) => /\.test\.|(^|\/)e2e\/|tsbuildinfo|fixtures|spawn-taskpod/.test(f));
    assert.deepEqual(bad, [], p.name);
  }
  const taskpod = packed.find((p) => p.name === 'taskpod').files.map((f) => f.path);
  for (const f of ['schemas/task.schema.json', 'schemas/memory.schema.json', 'bin/taskpod.js', 'executors.json', 'generators.json'])
    assert.ok(taskpod.includes(f), f);
});

test('npm install -D taskpod from a registry, init, nx show projects, run --ready, records trackable; then Node 24', async (t) => {
  t.after(() => t.diagnostic(timings.join('; ')));
  const install = await run('npm', ['install', '-D', 'taskpod', '--no-audit', '--no-fund']);
  assert.equal(install.code, 0, install.out);
  const pkg = JSON.parse(readFileSync(path.join(host, 'package.json'), 'utf8'));
  assert.match(pkg.devDependencies.taskpod, /^\^0\.1\.0$/);
  const nxVersion = JSON.parse(readFileSync(path.join(host, 'node_modules/nx/package.json'), 'utf8')).version;
  if (process.env.TASKPOD_TEST_NX) assert.equal(nxVersion, process.env.TASKPOD_TEST_NX);

  const init = await run('npx', ['taskpod', 'init', '--yes']);
  assert.equal(init.code, 0, init.out);
  assert.match(init.stdout, /^created nx\.json /m);
  assert.match(init.stdout, /^created task_templates\/example\/task\.yaml /m);
  assert.doesNotMatch(init.stdout, /npm install/, 'nx came with taskpod (its peer), so nothing is left to install');
  const again = await run('npx', ['taskpod', 'init', '--yes']);
  assert.match(again.stdout, /^Nothing to change/, again.out);

  const projects = await run('npx', ['nx', 'show', 'projects']);
  assert.equal(projects.code, 0, projects.out);
  assert.deepEqual(projects.stdout.trim().split('\n').sort(), ['app', 'example'], projects.out);
  assert.equal((await run('npx', ['taskpod', 'next'])).stdout, 'example\n');

  git('add', '-A');
  git('commit', '-q', '-m', 'taskpod init');
  git('init', '-q', '--bare', '-b', 'main', path.join(dir, 'origin.git'));
  git('remote', 'add', 'origin', path.join(dir, 'origin.git'));
  git('push', '-q', '-u', 'origin', 'main');
  const taskRun = await run('npx', ['taskpod', 'run', '--ready'], {
    extraEnv: { OPENAI_API_KEY: 'sk-install-test', OPENAI_BASE_URL: model.url },
  });
  assert.equal(taskRun.code, 0, taskRun.out);
  assert.match(taskRun.stdout, /^example\s+done\s+taskpod\/example\b/m, taskRun.out);
  assert.deepEqual(model.calls, ['example']);
  assert.match(git('ls-remote', 'origin'), /refs\/heads\/taskpod\/example/);

  // Every record is trackable (git add would take it); only the run's scratch files are ignored.
  const added = git('add', '--dry-run', '-A')
    .split('\n')
    .map((l) => l.replace(/^add '(.*)'$/, '$1'));
  for (const record of [
    /^\.logs\/trace_log\.md$/,
    /^\.logs\/ledger\.jsonl$/,
    /^\.logs\/feedback\/example\.md$/,
    /^metrics\/metrics\.yaml$/,
    /^\.patches\/patch_\d+_\d+_example\.diff$/,
    /^\.patches\/patch_\d+_\d+_example\.yaml$/,
    /^\.patches\/replies\/..\/[0-9a-f]{64}\.json$/,
    /^task_templates\/example\/task\.yaml$/,
  ]) {
    assert.ok(
      added.some((f) => record.test(f)),
      `${record} in git add:\n${added.join('\n')}`,
    );
  }
  assert.ok(!added.some((f) => f.includes('/files/')), added.join('\n'));
  assert.ok(existsSync(path.join(host, '.patches/example/files/docs/taskpod-example.md')));
  // The report, from the installed packages: @taskpod/report comes as a dependency of taskpod.
  const report = await run('npx', ['taskpod', 'report']);
  assert.equal(report.code, 0, report.out);
  assert.match(readFileSync(path.join(host, '.logs/report.html'), 'utf8'), /data-metric="tasks_done">1</);

  // Node 24 from the registry's `node` package, running the installed CLI and nx.
  const nodeHome = path.join(dir, 'node24');
  mkdirSync(nodeHome);
  writeFileSync(path.join(nodeHome, 'package.json'), '{ "name": "node24", "private": true }\n');
  const node = await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', 'node@24'], { cwd: nodeHome });
  assert.equal(node.code, 0, node.out);
  const node24 = { extraEnv: { PATH: `${path.join(nodeHome, 'node_modules/.bin')}${path.delimiter}${env.PATH}` } };
  assert.match((await run('node', ['--version'], node24)).stdout, /^v24\./);
  const next = await run('npx', ['taskpod', 'next', '--all', '--json'], node24);
  assert.equal(next.code, 0, next.out);
  assert.deepEqual(JSON.parse(next.stdout), [], 'the example is done');
  const projects24 = await run('npx', ['nx', 'show', 'projects'], node24);
  assert.equal(projects24.code, 0, projects24.out);
  assert.deepEqual(projects24.stdout.trim().split('\n').sort(), ['app', 'example'], projects24.out);
});
