import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { LogInputs } from '@taskpod/ledger';

// Loaded on first use, so the many tests that import @taskpod/testing for a temp dir do not load core.
const core = () => require('@taskpod/core') as typeof import('@taskpod/core');

/**
 * Test builder: the records run, patch and apply would leave for task `id` at time `at`, with
 * consistent names and numbers. Override only what a test is about.
 */
export function makeLogInputs(
  id: string,
  at = new Date('2026-11-24T01:00:00Z'),
  overrides: Partial<{
    pod: string | null;
    phase: number | null;
    tokensIn: number;
    tokensOut: number;
    costUsd: number;
    durationS: number;
    pr: number | null;
  }> = {},
): LogInputs {
  const names = core().patchFileNames(id, at);
  const o = { pod: 'DevPod', phase: 1, tokensIn: 1000, tokensOut: 250, costUsd: 0.0125, durationS: 3.5, pr: 7, ...overrides };
  const files = [
    { path: `src/${id}/a.ts`, status: 'added' as const, insertions: 10, deletions: 0 },
    { path: `src/${id}/b.ts`, status: 'modified' as const, insertions: 4, deletions: 2 },
  ];
  return {
    patch: names,
    run: {
      task_id: id,
      provider: 'replay',
      model: 'gpt-test',
      tokens_in: o.tokensIn,
      tokens_out: o.tokensOut,
      cost_usd: o.costUsd,
      duration_s: o.durationS,
      prompt_hash: 'p'.repeat(64),
      reply_key: 'r'.repeat(64),
      from_store: false,
      summary: `Did ${id}`,
      files: files.map((f) => f.path),
      started_at: at.toISOString(),
    },
    meta: {
      task_id: id,
      pod: o.pod,
      phase: o.phase,
      timestamp: at.toISOString(),
      base_commit: 'b'.repeat(40),
      summary: `Did ${id}`,
      files,
      totals: { files: 2, insertions: 14, deletions: 2 },
      model: 'gpt-test',
      tokens_in: o.tokensIn,
      tokens_out: o.tokensOut,
      cost_usd: o.costUsd,
      patch_file: names.diff,
      source: 'run',
    },
    apply: {
      task_id: id,
      patch_file: names.diff,
      mode: 'worktree',
      method: '3way',
      base_branch: 'main',
      branch: `taskpod/${id}`,
      commit: 'c'.repeat(40),
      pushed: o.pr !== null,
      pr_number: o.pr,
      pr_url: o.pr === null ? null : `https://github.com/acme/shop/pull/${o.pr}`,
      applied_at: at.toISOString(),
    },
  };
}

/** Test helper: writes the records of `makeLogInputs` where the steps would (run, patch.json, sidecar, apply). */
export function writeLogInputs(root: string, inputs: LogInputs): void {
  const { PATCHES_DIR, taskPaths } = core();
  const { stringify } = require('yaml') as typeof import('yaml');
  const paths = taskPaths(inputs.meta.task_id);
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  if (inputs.run) write(paths.run, json(inputs.run));
  write(paths.latestPatch, json(inputs.patch));
  write(`${PATCHES_DIR}/${inputs.patch.meta}`, stringify(inputs.meta));
  write(`${PATCHES_DIR}/${inputs.patch.diff}`, 'diff --git a/x b/x\n');
  write(paths.apply, json(inputs.apply));
}
