import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PatchMeta } from '@taskpod/core';
import { buildPullRequestBody, buildPullRequestTitle } from './build-pull-request-body';

const meta: PatchMeta = {
  task_id: 'T1',
  pod: 'DevPod',
  phase: 2,
  timestamp: '2026-11-24T01:00:00.000Z',
  base_commit: 'a'.repeat(40),
  summary: 'Add login form\nand its tests',
  files: [
    { path: 'src/login.ts', status: 'added', insertions: 10, deletions: 0 },
    { path: 'docs/b.md', status: 'renamed', insertions: 1, deletions: 1, from: 'docs/a.md' },
  ],
  totals: { files: 2, insertions: 11, deletions: 1 },
  model: 'gpt-4o-mini',
  tokens_in: 100,
  tokens_out: 50,
  cost_usd: 0.0012,
  patch_file: 'patch_20261124_010000_T1.diff',
  source: 'run',
};

describe('pull request text', () => {
  it('names the task id in the title and holds summary, diffstat and metadata in the body', () => {
    assert.equal(buildPullRequestTitle(meta), 'T1: Add login form');
    const body = buildPullRequestBody(meta);
    assert.match(body, /Add login form\nand its tests/);
    assert.match(body, /### Changes \(2 files, \+11 -1\)/);
    assert.match(body, /\| `docs\/a.md → docs\/b.md` \| renamed \| \+1 \| -1 \|/);
    assert.match(body, /- patch: `.patches\/patch_20261124_010000_T1.diff` \(run\)/);
    assert.match(body, /tokens 100 in \/ 50 out, cost \$0.0012/);
    assert.match(body, new RegExp(`base commit: \`${'a'.repeat(40)}\``));
  });
});
