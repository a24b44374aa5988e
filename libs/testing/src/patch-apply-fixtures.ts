import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '@taskpod/core';
import { commitFiles, git, initGitRepo } from './git-repo';
import { makeTempDir, writeFiles } from './temp-dir';

// Shared by the pipeline's patch, apply and log step tests.
export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x00, 0x01]);
export const NOW = new Date('2026-11-24T01:02:03.456Z');

/** A repository with committed files, `.patches/` ignored, and a step context at a fixed time. */
export function makeWorkspace(t: { after: (fn: () => void) => void }, files: Record<string, string | Buffer> = {}) {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  const root = path.join(dir, 'ws');
  mkdirSync(root);
  initGitRepo(root);
  commitFiles(root, { '.gitignore': '.patches/\n', 'src/a.ts': 'one\ntwo\nthree\n', 'logo.png': PNG, ...files }, 'initial');
  const logs: string[] = [];
  // Loaded on first use, so tests that only need a temp dir do not load core and the pipeline.
  const { buildConfig } = require('@taskpod/core') as typeof import('@taskpod/core');
  const { createStepContext } = require('@taskpod/pipeline/step-context') as typeof import('@taskpod/pipeline/step-context');
  const ctx = createStepContext(root, buildConfig({}), { env: { PATH: process.env.PATH }, now: () => NOW, log: (line) => logs.push(line) });
  return { dir, root, ctx, logs };
}

/** What the run step leaves: the files under `.patches/<id>/files/` and run.json. */
export function writeRun(root: string, id: string, files: Record<string, string | Buffer>, summary = 'Change things') {
  writeFiles(path.join(root, `.patches/${id}/files`), files);
  const run: RunRecord = {
    task_id: id,
    provider: 'replay',
    model: 'gpt-test',
    tokens_in: 120,
    tokens_out: 45,
    cost_usd: 0.0021,
    duration_s: 1.5,
    prompt_hash: 'h',
    reply_key: 'k',
    from_store: false,
    summary,
    files: Object.keys(files),
    started_at: NOW.toISOString(),
  };
  writeFileSync(path.join(root, `.patches/${id}/run.json`), JSON.stringify(run));
}

/** A bare `origin` beside the workspace with main pushed; returns its path. */
export function addOrigin(dir: string, root: string): string {
  const origin = path.join(dir, 'origin.git');
  git(dir, 'init', '-q', '--bare', '-b', 'main', origin);
  git(root, 'remote', 'add', 'origin', origin);
  git(root, 'push', '-q', 'origin', 'main');
  return origin;
}
