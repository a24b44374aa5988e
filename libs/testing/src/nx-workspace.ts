import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { GIT_TEST_ENV, commitFiles, initGitRepo } from './git-repo';
import { addOrigin } from './patch-apply-fixtures';
import { makeTempDir, writeFiles } from './temp-dir';

/** This repository: its node_modules holds nx and the @taskpod/* workspace packages. */
export const REPO_ROOT = path.resolve(__dirname, '../../..');
const NX_BIN = path.join(REPO_ROOT, 'node_modules/nx/dist/bin/nx.js');

export interface NxResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface NxWorkspace {
  dir: string;
  /** The commit holding the initial files (the base for `--affected`). */
  base: string;
  nx: (args: string[], env?: NodeJS.ProcessEnv) => NxResult;
  cleanup: () => void;
}

/**
 * A temporary Nx workspace with a git history: `nx.json` registering the taskpod plugin with
 * `pluginOptions`, the given files committed, and `node_modules` linked to this repository's.
 */
export function makeNxWorkspace(
  files: Record<string, string>,
  pluginOptions: (dir: string) => Record<string, unknown> = () => ({}),
): NxWorkspace {
  const { dir, cleanup } = makeTempDir('taskpod-nx-e2e-');
  const nxJson = {
    plugins: [{ plugin: '@taskpod/nx-plugin', options: { tasksGlob: 'task_templates/**/task.yaml', ...pluginOptions(dir) } }],
  };
  writeFiles(dir, {
    'nx.json': JSON.stringify(nxJson, null, 2),
    'package.json': JSON.stringify({ name: 'e2e-backlog', private: true }),
    '.gitignore': 'node_modules\n.nx\n',
    ...files,
  });
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  initGitRepo(dir);
  const base = commitFiles(dir, {}, 'backlog');
  return { dir, base, cleanup, nx: (args, env) => runNx(dir, args, env) };
}

/**
 * Runs the real nx CLI in `dir`: no daemon, no cloud, no TUI, the cache inside the workspace. Plugins
 * load in-process (a plugin worker per call would slow every e2e test); pass NX_ISOLATE_PLUGINS=true to test
 * the isolated path users get by default.
 */
export function runNx(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): NxResult {
  const result = spawnSync(process.execPath, [NX_BIN, ...args], { cwd: dir, encoding: 'utf8', env: nxEnv(dir, env), timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * runNx without blocking this process: for a test whose loopback servers (model, remote cache) live
 * in this process and must answer while nx runs.
 */
export function runNxAsync(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<NxResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NX_BIN, ...args], { cwd: dir, env: nxEnv(dir, env), timeout: 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The environment of runNx: no daemon, cloud or TUI, the workspace's own cache, no credentials from this process. */
function nxEnv(dir: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    'TASKPOD_PROVIDER',
    'TASKPOD_MODEL',
    'OPENAI_BASE_URL',
    'OPENAI_API_KEY',
    'GITHUB_TOKEN',
    'NX_WORKSPACE_DATA_DIRECTORY',
    'NX_SELF_HOSTED_REMOTE_CACHE_SERVER',
    'NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN',
  ])
    delete base[name];
  return {
    ...base,
    ...GIT_TEST_ENV,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NX_ISOLATE_PLUGINS: 'false',
    NX_CACHE_DIRECTORY: path.join(dir, '.nx/cache'),
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    ...env,
  };
}

/** The non-empty lines of a command's stdout, sorted. */
export const sortedLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .sort();

/**
 * Prints the hash Nx would give one task right now, through Nx's own task hasher (the same call
 * `nx graph --targets` makes), so tests can compare cache keys without running anything.
 */
export const TASK_HASH_SCRIPT = `
const { createProjectGraphAsync } = require('nx/src/project-graph/project-graph');
const { createTaskGraph } = require('nx/src/tasks-runner/create-task-graph');
const { createTaskHasher } = require('nx/src/hasher/create-task-hasher');
const { readNxJson } = require('nx/src/config/nx-json');
const { getTaskSpecificEnv } = require('nx/src/tasks-runner/task-env');
(async () => {
  const [project, target] = process.argv[2].split(':');
  const graph = await createProjectGraphAsync({ exitOnError: true });
  const taskGraph = createTaskGraph(graph, {}, [project], [target], undefined, {});
  const task = taskGraph.tasks[process.argv[2]];
  const [hash] = await createTaskHasher(graph, readNxJson()).hashTasks([task], taskGraph, { [task.id]: getTaskSpecificEnv(task, graph) });
  require('fs').writeFileSync(process.argv[3], hash.value);
})().catch((error) => { console.error(error); process.exit(1); });
`;

/** The current Nx hash of `taskId` in the workspace (see TASK_HASH_SCRIPT). */
export function taskHash(ws: NxWorkspace, taskId: string): string {
  const script = path.join(ws.dir, '.nx/task-hash.cjs');
  const out = path.join(ws.dir, '.nx/task-hash.out');
  writeFiles(ws.dir, { '.nx/task-hash.cjs': TASK_HASH_SCRIPT });
  const result = spawnSync(process.execPath, [script, taskId, out], {
    cwd: ws.dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_ISOLATE_PLUGINS: 'false',
      NX_CACHE_DIRECTORY: path.join(ws.dir, '.nx/cache'),
    },
  });
  if (result.status !== 0) throw new Error(`hashing ${taskId} failed: ${result.stderr}`);
  return readFileSync(out, 'utf8');
}

/**
 * The environment for a `taskpod` CLI spawned in a test workspace: git's test identity, Nx without a
 * daemon or cloud and with the workspace's own cache, no colour, and no model or GitHub credentials.
 */
export function cliTestEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...GIT_TEST_ENV,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_CACHE_DIRECTORY: path.join(dir, '.nx/cache'),
    NO_COLOR: '1',
    OPENAI_API_KEY: '',
    GITHUB_TOKEN: '',
    ...extra,
  };
}

/** An Nx workspace (see makeNxWorkspace) with a bare `origin` beside it that has main; removed after the test
 * (or, for a suite, with the cleanups `t.after` was handed). */
export function makeNxWorkspaceWithOrigin(
  t: { after: (fn: () => void) => void },
  files: Record<string, string>,
  pluginOptions: Record<string, unknown> = {},
) {
  const ws = makeNxWorkspace(files, () => pluginOptions);
  t.after(ws.cleanup);
  const { dir, cleanup } = makeTempDir('taskpod-origin-');
  t.after(cleanup);
  return { root: ws.dir, origin: addOrigin(dir, ws.dir) };
}
