import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { ApplyRecord, RunRecord } from '@taskpod/core';
import { makeTempDir } from '@taskpod/testing';
import { appendStepSummary, formatStepSummary, type StepSummaryRow } from './format-step-summary';
import type { RunTotals } from './run-totals';

const run = (cost: number | null) => ({ tokens_in: 1200, tokens_out: 30, cost_usd: cost }) as unknown as RunRecord;
const apply = { branch: 'taskpod/A', pr_number: 4, pr_url: 'https://github.example/o/r/pull/4' } as ApplyRecord;
const ROWS: StepSummaryRow[] = [
  { id: 'A', result: 'done', run: run(0.0125), apply, note: null },
  { id: 'B', result: 'failed', run: run(null), apply: null, note: 'B failed in `run`: model said <b>no</b> | twice' },
];
// From the ledger: three paid calls, one of them a reply the guard rejected (no run record), one of unknown price.
const TOTALS: RunTotals = {
  tasks: 2,
  done: 1,
  failed: 1,
  not_run: 0,
  paid_calls: 3,
  tokens_in: 3600,
  tokens_out: 90,
  cost_usd: 0.025,
  cost_unknown: 1,
  wall_s: 12.3,
};

test('the Markdown summary has totals and a row per task; an unknown price stays unknown; text cannot break the table or inject HTML', () => {
  const text = formatStepSummary(ROWS, TOTALS);
  assert.equal(
    text,
    [
      '## taskpod run',
      '',
      '**2 tasks**: 1 done, 1 failed, 0 other · 3 paid calls · tokens 3,600 in + 90 out · cost $0.0250 + unknown · wall time 12.3 s',
      '',
      '| Task | Result | Branch | PR | Tokens | Cost |',
      '|---|---|---|---|---|---|',
      '| A | ✅ done | `taskpod/A` | [#4](https://github.example/o/r/pull/4) | 1200 + 30 | $0.0125 |',
      '| B | ❌ failed | - | - | 1200 + 30 | unknown |',
      '',
      '- B failed in \\`run\\`: model said &lt;b&gt;no&lt;/b&gt; \\| twice',
      '',
      '',
    ].join('\n'),
  );
});

test('appended only when GITHUB_STEP_SUMMARY names a file, after what is already there', (t) => {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  const file = path.join(dir, 'summary.md');
  appendStepSummary({}, ROWS, TOTALS);
  appendStepSummary({ GITHUB_STEP_SUMMARY: file }, ROWS, TOTALS);
  appendStepSummary({ GITHUB_STEP_SUMMARY: file }, ROWS.slice(0, 1), { ...TOTALS, tasks: 1, failed: 0 });
  const text = readFileSync(file, 'utf8');
  assert.equal(text.match(/^## taskpod run$/gm)?.length, 2);
  assert.match(text, /\*\*1 task\*\*: 1 done, 0 failed, 0 other/);
});
