// Builds a throwaway taskpod workspace from the example backlog shipped in this repository:
// a real git repository on `main` with a local bare `origin`, the repo's node_modules linked in.
// Used by `npm start` (the offline demo), by the reply recorder and by the end-to-end tests.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** What the example is made of; everything else in the repository is taskpod itself. */
const EXAMPLE_PATHS = ['nx.json', 'task_templates', 'memory', 'prompts', 'schemas', '.patches/replies'];

const GIT_ENV = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'taskpod demo',
  GIT_AUTHOR_EMAIL: 'demo@taskpod.invalid',
  GIT_COMMITTER_NAME: 'taskpod demo',
  GIT_COMMITTER_EMAIL: 'demo@taskpod.invalid',
};

export function git(cwd, ...args) {
  return execFileSync('git', args, {
    cwd,
    env: { ...process.env, ...GIT_ENV },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/**
 * Creates `<dir>/workspace` (the repository) and `<dir>/origin.git` (its bare remote), commits the
 * example and pushes main. `replies: false` leaves the reply store out (to record it anew).
 */
export function createDemoWorkspace(dir, { replies = true } = {}) {
  const workspace = path.join(dir, 'workspace');
  const origin = path.join(dir, 'origin.git');
  mkdirSync(workspace, { recursive: true });
  for (const rel of EXAMPLE_PATHS) {
    if (!replies && rel === '.patches/replies') continue;
    const from = path.join(REPO_ROOT, rel);
    if (existsSync(from)) cpSync(from, path.join(workspace, rel), { recursive: true });
  }
  writeFileSync(path.join(workspace, 'package.json'), `${JSON.stringify({ name: 'shortlink', private: true }, null, 2)}\n`);
  writeFileSync(path.join(workspace, '.gitignore'), 'node_modules\n.nx/\n');
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(workspace, 'node_modules'), 'dir');
  git(dir, 'init', '-q', '--bare', '-b', 'main', origin);
  git(workspace, 'init', '-q', '-b', 'main');
  for (const [key, value] of [
    ['commit.gpgsign', 'false'],
    ['gc.auto', '0'],
    ['user.name', 'taskpod demo'],
    ['user.email', 'demo@taskpod.invalid'],
  ]) {
    git(workspace, 'config', key, value);
  }
  git(workspace, 'add', '-A');
  git(workspace, 'commit', '-q', '-m', 'Example backlog');
  git(workspace, 'remote', 'add', 'origin', origin);
  git(workspace, 'push', '-q', '-u', 'origin', 'main');
  return { workspace, origin };
}

/** Environment for nx in the demo: no daemon, no cloud, plain logs, and no secrets of the caller. */
export function demoEnv(extra = {}) {
  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', ...GIT_ENV };
  for (const name of [
    'OPENAI_API_KEY',
    'OPENAI_BASE_URL',
    'GITHUB_TOKEN',
    'GITHUB_REPOSITORY',
    'GITHUB_API_URL',
    'TASKPOD_PROVIDER',
    'TASKPOD_MODEL',
  ])
    delete env[name];
  return { ...env, ...extra };
}

const nxManifest = path.join(REPO_ROOT, 'node_modules', 'nx', 'package.json');
/** The repository's nx entry point, as its package.json names it. */
export const NX_BIN = path.join(path.dirname(nxManifest), JSON.parse(readFileSync(nxManifest, 'utf8')).bin.nx);
