import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { makeTask, type ApplyRecord, type RunRecord } from '@taskpod/core';
import { budgetsFrom } from './budgets-from';
import { buildReportModel } from './build-report-model';
import type { ReportEntry, ReportInputs } from './read-report-inputs';
import { renderReportHtml } from './render-report-html';

const NOW = new Date('2026-11-24T12:00:00Z');

function entry(fields: Partial<ReportEntry> & Record<string, unknown>): ReportEntry {
  return {
    key: `patch_${String(fields.task_id)}.diff`,
    task_id: 'T1',
    pod: 'DevPod',
    phase: 1,
    logged_at: '2026-11-24T10:00:00Z',
    patch_file: 'p.diff',
    meta_file: 'p.yaml',
    summary: 's',
    files_changed: 1,
    insertions: 2,
    deletions: 0,
    model: 'gpt-4o-mini',
    tokens_in: 100,
    tokens_out: 10,
    cost_usd: 0.001,
    duration_s: 2,
    branch: 'taskpod/T1',
    commit: 'c',
    pushed: true,
    pr_number: null,
    pr_url: null,
    ...fields,
  } as ReportEntry;
}

function inputs(overrides: Partial<ReportInputs> = {}): ReportInputs {
  return {
    title: 'demo',
    tasks: [makeTask({ id: 'T1' })],
    entries: [],
    runs: new Map(),
    applies: new Map(),
    budgets: null,
    phaseBarrier: true,
    now: NOW,
    notes: [],
    ...overrides,
  };
}

const render = (overrides: Partial<ReportInputs> = {}) => renderReportHtml(buildReportModel(inputs(overrides)));
const scripts = (page: string) => page.match(/<script\b/gi) ?? [];

test('text from task files, records and the ledger is escaped: a <script> in a description renders as text', () => {
  const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  const tasks = [makeTask({ id: 'T1', description: `Do ${evil} & "quote" 'single'`, pod: '<b>Pod</b>', status: 'done' })];
  const run = {
    task_id: 'T1',
    provider: `"><script>alert(3)</script>`,
    model: '<svg onload=alert(4)>',
    tokens_in: 1,
    tokens_out: 1,
    cost_usd: 0,
    duration_s: 1,
    started_at: '2026-11-24T09:00:00Z',
    from_store: false,
  } as RunRecord;
  const apply = { task_id: 'T1', branch: 'taskpod/T1', pr_number: 3, pr_url: 'javascript:alert(5)' } as ApplyRecord;
  const page = render({
    tasks,
    title: '</title><script>alert(6)</script>',
    runs: new Map([['T1', run]]),
    applies: new Map([['T1', apply]]),
    entries: [entry({ task_id: 'T1', model: '</td><script>alert(7)</script>', pod: '<i>pod</i>' })],
    notes: ['<script>alert(8)</script>'],
  });
  assert.equal(scripts(page).length, 1, "only the page's own script");
  for (const n of [1, 3, 6, 7, 8]) assert.ok(!page.includes(`<script>alert(${n})`), `alert(${n}) is escaped`);
  assert.ok(!/<img|<svg onload|<b>Pod|<i>pod/.test(page));
  assert.ok(
    page.includes('Do &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; &amp; &quot;quote&quot; &#39;single&#39;'),
  );
  assert.ok(!page.includes('javascript:'), 'a PR URL that is not http(s) is no link');
  assert.match(page, /<span class="pr">PR #3<\/span>/);
});

test('the page allows no fetch and runs only its own script, pinned by hash', () => {
  const page = render();
  const script = /<script>([\s\S]*?)<\/script>/.exec(page)![1]!;
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page)![1]!;
  assert.match(csp, /default-src 'none'/);
  assert.ok(csp.includes(`'sha256-${createHash('sha256').update(script).digest('base64')}'`));
  assert.doesNotMatch(page, /<link\b|\bsrc=|@import|url\(/i);
});

test('budgets from the plugin options become lines; without budgets none is drawn', () => {
  const tasks = [makeTask({ id: 'T1', pod: 'DevPod', phase: 1 }), makeTask({ id: 'T2', pod: 'QAPod', phase: 2 })];
  const entries = [
    entry({ task_id: 'T1', cost_usd: 0.01 }),
    entry({ task_id: 'T2', pod: 'QAPod', phase: 2, cost_usd: 0.02, logged_at: '2026-11-24T11:00:00Z' }),
  ];
  const budgets = budgetsFrom({ budgets: { workspace: 0.05, task: 1, pods: { DevPod: 0.02, Bad: 'x' }, phases: { 2: 0.03, two: 1 } } });
  const withBudgets = render({ tasks, entries, budgets });
  for (const name of ['Workspace', 'DevPod', 'Phase 2']) assert.match(withBudgets, new RegExp(`class="budget" data-budget="${name}"`));
  assert.doesNotMatch(withBudgets, /data-budget="(QAPod|Bad|Phase 1)"/);
  assert.doesNotMatch(render({ tasks, entries }), /class="budget/);
});

test('a call with no known price shows as unknown, never $0; a patch with a reply key counts no spend (its spend entry does)', () => {
  const tasks = [makeTask({ id: 'T1', status: 'done' })];
  const entries = [
    entry({ task_id: 'T1', cost_usd: 0.5, reply_key: 'reply-1' }),
    {
      key: 'reply-1',
      task_id: 'T1',
      kind: 'spend',
      at: '2026-11-24T09:00:00Z',
      model: 'local-llm',
      tokens_in: 50,
      tokens_out: 5,
      cost_usd: null,
    } as unknown as ReportEntry,
    { key: 'undo-1', task_id: 'T1', kind: 'undo', something: { nested: true } } as unknown as ReportEntry,
  ];
  const model = buildReportModel(inputs({ tasks, entries }));
  assert.equal(model.spend.total.calls, 1, 'the spend entry, not the patch');
  assert.equal(model.spend.total.unknownCalls, 1);
  const page = renderReportHtml(model);
  assert.match(page, /<tr data-series="local-llm">.*?<td class="num" data-usd="0">unknown<\/td>/s);
  assert.match(page, /data-metric="cost_usd"[^>]*>[^<]*unknown/);
  assert.match(page, /1 of 1 calls used a model with no known price/);
});

test('the board shows every task by phase and pod, with what blocks an open task and its PR', () => {
  const tasks = [
    makeTask({ id: 'A', phase: 1, pod: 'DevPod', status: 'done' }),
    makeTask({ id: 'B', phase: 1, pod: 'QAPod', status: 'in_progress' }),
    makeTask({ id: 'C', phase: 2, pod: 'DevPod', status: 'backlog', dependsOn: ['A', 'D'] }),
    makeTask({ id: 'D', phase: null, pod: null, status: 'ready' }),
  ];
  const applies = new Map([
    ['A', { task_id: 'A', branch: 'taskpod/A', pr_number: 7, pr_url: 'https://github.example/o/r/pull/7' } as ApplyRecord],
  ]);
  const model = buildReportModel(inputs({ tasks, applies }));
  assert.deepEqual(
    model.board.map((p) => [p.name, p.pods.map((x) => [x.pod, x.tasks.map((t) => t.id)])]),
    [
      [
        'Phase 1',
        [
          ['DevPod', ['A']],
          ['QAPod', ['B']],
        ],
      ],
      ['Phase 2', [['DevPod', ['C']]]],
      ['No phase', [['none', ['D']]]],
    ],
  );
  const c = model.board[1]!.pods[0]!.tasks[0]!;
  assert.deepEqual(c.blockedBy, ['D', 'B'], 'a dependency not done, then the phase barrier');
  const page = renderReportHtml(model);
  assert.match(page, /<a href="https:\/\/github\.example\/o\/r\/pull\/7" target="_blank" rel="noopener noreferrer">PR #7<\/a>/);
  assert.match(page, /blocked by D, B/);
});

test('an empty workspace still renders a whole page that says so', () => {
  const page = render({ tasks: [] });
  assert.match(page, /No tasks in this workspace/);
  assert.match(page, /No spend recorded yet/);
  assert.match(page, /<\/html>\n$/);
});

test('a patch logged before spend entries existed (no reply_key) still counts as a call, beside spend entries', () => {
  const tasks = [makeTask({ id: 'T1', status: 'done' }), makeTask({ id: 'T2', status: 'done' })];
  const entries = [
    entry({ task_id: 'T1', cost_usd: 0.5 }),
    {
      key: 'spend:r2',
      task_id: 'T2',
      kind: 'spend',
      at: '2026-11-24T09:00:00Z',
      model: 'm',
      tokens_in: 1,
      tokens_out: 1,
      cost_usd: 0.25,
    } as unknown as ReportEntry,
  ];
  const model = buildReportModel(inputs({ tasks, entries }));
  assert.equal(model.spend.total.calls, 2);
  assert.equal(model.spend.total.costUsd, 0.75);
});
