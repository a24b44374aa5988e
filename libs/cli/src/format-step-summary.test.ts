import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { ApplyRecord, RunRecord } from '@taskpod/core';
import { makeTempDir } from '@taskpod/testing';
import { appendStepSummary, formatStepSummary, type StepSummaryRow } from './format-step-summary';

const run = (cost: number | null) => ({ tokens_in: 1200, tokens_out: 30, cost_usd: cost }) as unknown as RunRecord;
const apply = { branch: 'taskpod/A', pr_number: 4, pr_url: 'https://github.example/o/r/pull/4' } as ApplyRecord;
const ROWS: StepSummaryRow[] = [
  { id: 'A', result: 'done', run: run(0.0125), apply, note: null },
  { id: 'B', result: 'failed', run: run(null), apply: null, note: 'B failed in `run`: model said <b>no</b> | twice' },
];

test('the Markdown summary has totals and a row per task; an unknown price stays unknown; text cannot break the table or inject HTML', () => {
  const text = formatStepSummary(ROWS, 12.34);
  assert.equal(
    text,
    [
      '## taskpod run',
      '',
      '**2 tasks**: 1 done, 1 failed, 0 other · tokens 2,400 in + 60 out · cost $0.0125 + unknown · wall time 12.3 s',
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
  appendStepSummary({}, ROWS, 1);
  appendStepSummary({ GITHUB_STEP_SUMMARY: file }, ROWS, 1);
  appendStepSummary({ GITHUB_STEP_SUMMARY: file }, ROWS.slice(0, 1), 1);
  const text = readFileSync(file, 'utf8');
  assert.equal(text.match(/^## taskpod run$/gm)?.length, 2);
  assert.match(text, /\*\*1 task\*\*: 1 done, 0 failed, 0 other/);
});
