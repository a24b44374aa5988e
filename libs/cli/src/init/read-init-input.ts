import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { UserError } from '@taskpod/core';
import { findNxJsonFolder } from '../find-workspace-root';
import { INIT_FILES, type InitInput } from './build-init-plan';

/**
 * The folder init makes a workspace: the nearest nx.json inside the git repository (an existing Nx
 * workspace keeps its root), else the repository's top level. Not a git repository: an error, as
 * taskpod commits patches on branches.
 */
export function findInitRoot(cwd: string, env: NodeJS.ProcessEnv): string {
  const result = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd, env, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new UserError(
      `${path.resolve(cwd)} is not in a git repository: taskpod commits each task's patch on a branch, so it needs one.`,
      {
        hint: 'Run `git init` (or clone your repository) and run `npx taskpod init` again.',
      },
    );
  }
  const top = path.resolve(result.stdout.trim());
  const nx = findNxJsonFolder(cwd);
  return nx !== undefined && (nx === top || nx.startsWith(top + path.sep)) ? nx : top;
}

/** Reads what buildInitPlan needs from the repository at `root`. */
export function readInitInput(root: string): InitInput {
  const files: InitInput['files'] = {};
  for (const file of INIT_FILES) {
    const full = path.join(root, file);
    if (existsSync(full)) files[file] = readFileSync(full, 'utf8');
  }
  const own = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
    version: string;
    peerDependencies: { nx: string };
  };
  return {
    files,
    hasTasksFolder: existsSync(path.join(root, 'task_templates')),
    folderName: path
      .basename(root)
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-'),
    taskpodVersion: own.version,
    nxRange: own.peerDependencies.nx,
    installed: { nx: installedVersion(root, 'nx'), taskpod: installedVersion(root, 'taskpod') },
  };
}

function installedVersion(root: string, name: string): string | undefined {
  try {
    const manifest = createRequire(path.join(root, 'package.json')).resolve(`${name}/package.json`);
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/** Sample record paths that .gitignore must not ignore: `git check-ignore` names the rule that does. */
const RECORD_SAMPLES = [
  '.logs/trace_log.md',
  '.logs/ledger.jsonl',
  '.logs/feedback/example.md',
  'metrics/metrics.yaml',
  '.patches/patch_20260101_000000_example.diff',
  '.patches/patch_20260101_000000_example.yaml',
  '.patches/replies/ab/ab.json',
];

/** The rules (`file:line:pattern path`) that still ignore a record after init's lines were added. */
export function findIgnoredRecords(root: string, env: NodeJS.ProcessEnv): string[] {
  const result = spawnSync('git', ['check-ignore', '--no-index', '-v', ...RECORD_SAMPLES], { cwd: root, env, encoding: 'utf8' });
  return result.stdout
    .split('\n')
    .filter((line) => line.trim() && !/:!/.test(line.split('\t')[0] ?? ''))
    .map((line) => line.replace('\t', ' ignores '));
}
