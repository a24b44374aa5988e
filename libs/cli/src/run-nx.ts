import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { UserError } from '@taskpod/core';
import type { CliIo } from './command';

/**
 * The environment of the one nx process `taskpod run` starts. Nx loads its plugins in worker processes
 * by default, which keeps a long-lived daemon safe from plugin state but makes a one-shot command start
 * several workers that each load Nx (tools/bench/pipeline-bench.mjs measures the whole run); a run
 * that ends when the command ends gains nothing from it, so plugins load in-process unless the user
 * has set NX_ISOLATE_PLUGINS themselves.
 */
export function nxEnvFor(userEnv: NodeJS.ProcessEnv, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { NX_TUI: 'false', NX_ISOLATE_PLUGINS: 'false', ...userEnv, ...extra };
}

/** The exit code of a run stopped by a signal, as shells report it. */
export const INTERRUPTED = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Runs the workspace's own nx (`node <nx bin> ...args`) and streams its output, so the
 * pipeline goes through the Nx graph (ordering, cache, parallelism) exactly as `nx run-many` would.
 *
 * nx runs in a process group of its own, and SIGINT or SIGTERM sent to taskpod goes to that whole
 * group: nx, its batch processes and the tools they started stop together and none is orphaned
 * (a terminal's Ctrl-C alone would reach only the foreground group). A second signal kills the group
 * at once. Returns nx's exit code, and the signal when one stopped it.
 */
export async function runNx(
  root: string,
  args: string[],
  io: CliIo,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; signal?: keyof typeof INTERRUPTED }> {
  const nxBin = resolveNxBin(root);
  const ownGroup = process.platform !== 'win32';
  const child = spawn(process.execPath, [nxBin, ...args], {
    cwd: root,
    env: nxEnvFor(io.env, env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: ownGroup,
  });
  child.stdout.on('data', (chunk: Buffer) => io.stdout(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => io.stderr(chunk.toString()));
  let interrupted: keyof typeof INTERRUPTED | undefined;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (ownGroup && child.pid !== undefined) process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      // Already gone.
    }
  };
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    if (interrupted) {
      signalGroup('SIGKILL');
      return;
    }
    interrupted = signal;
    io.stderr(
      `\ntaskpod: ${signal === 'SIGINT' ? 'interrupted' : 'terminated'}: stopping nx and its steps (${signal === 'SIGINT' ? 'Ctrl-C' : 'the signal'} again stops them at once).\n`,
    );
    signalGroup(signal);
  };
  const handlers = { SIGINT: () => onSignal('SIGINT'), SIGTERM: () => onSignal('SIGTERM') };
  process.on('SIGINT', handlers.SIGINT);
  process.on('SIGTERM', handlers.SIGTERM);
  try {
    const code = await new Promise<number>((resolve, reject) => {
      child.on('error', (error) => reject(new UserError(`Could not start nx: ${error.message}`, {}, { cause: error })));
      child.on('close', (code) => resolve(code ?? 1));
    });
    // Whatever nx left behind in its group (a tool a step started) goes with it.
    if (interrupted) signalGroup('SIGKILL');
    return interrupted ? { code, signal: interrupted } : { code };
  } finally {
    process.off('SIGINT', handlers.SIGINT);
    process.off('SIGTERM', handlers.SIGTERM);
  }
}

function resolveNxBin(root: string): string {
  try {
    // The bin's path moved between Nx majors (bin/ then dist/bin/); the package says where it is.
    const manifest = createRequire(path.join(root, 'package.json')).resolve('nx/package.json');
    const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> }).bin.nx!;
    return path.join(path.dirname(manifest), bin);
  } catch (error) {
    throw new UserError(
      `nx is not installed in ${root}.`,
      { hint: 'Run `npm ci` (or `npm install nx`) in the workspace first.' },
      { cause: error },
    );
  }
}
