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

/**
 * Runs the workspace's own nx (`node <nx bin> ...args`) and streams its output, so the
 * pipeline goes through the Nx graph (ordering, cache, parallelism) exactly as `nx run-many` would.
 */
export async function runNx(root: string, args: string[], io: CliIo, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const nxBin = resolveNxBin(root);
  const child = spawn(process.execPath, [nxBin, ...args], {
    cwd: root,
    env: nxEnvFor(io.env, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => io.stdout(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => io.stderr(chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new UserError(`Could not start nx: ${error.message}`, {}, { cause: error })));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

function resolveNxBin(root: string): string {
  try {
    // The bin's path moved between Nx majors (bin/ then dist/bin/); the package says where it is.
    const manifest = createRequire(path.join(root, 'package.json')).resolve('nx/package.json');
    const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> }).bin.nx!;
    return path.join(path.dirname(manifest), bin);
  } catch (error) {
    throw new UserError(`nx is not installed in ${root}.`, { hint: 'Run `npm ci` (or `npm install nx`) in the workspace first.' }, { cause: error });
  }
}
