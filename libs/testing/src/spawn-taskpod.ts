import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { makeTempDir, writeFiles } from './temp-dir';

// Test helpers for the CLI tests: a temporary workspace and the real bin, spawned.
/** The CLI's bin as users run it (`npx taskpod`). */
export const TASKPOD_BIN = path.join(path.dirname(require.resolve('taskpod/package.json')), 'bin/taskpod.js');
const NX_JSON = JSON.stringify({ plugins: [{ plugin: '@taskpod/nx-plugin', options: { tasksGlob: 'task_templates/**/task.yaml' } }] });

/** Spawns the real CLI, as a user would run it. */
export function taskpod(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [TASKPOD_BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function workspace(t: { after: (fn: () => void) => void }, files: Record<string, string>): string {
  const { dir, cleanup } = makeTempDir('taskpod-cli-');
  t.after(cleanup);
  writeFiles(dir, { 'nx.json': NX_JSON, ...files });
  return dir;
}

/** Spawns the real CLI without blocking, so loopback servers in this process can answer it. */
export function spawnTaskpod(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TASKPOD_BIN, ...args], { cwd, env: { NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
