import { appendFileSync } from 'node:fs';
import type { ApplyRecord, RunRecord } from '@taskpod/core';
import type { RunTotals } from './run-totals';

/** What `taskpod run` knows about one task when it finishes. */
export interface StepSummaryRow {
  id: string;
  result: string;
  run: RunRecord | null;
  apply: ApplyRecord | null;
  note: string | null;
}

/**
 * Text for a Markdown table cell or line: GitHub renders HTML in step summaries, so `<`, `>` and `&`
 * become entities, `|` cannot end a cell, and a newline cannot end the row.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\|`*_[\]])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

const usd = (cost: unknown): string => (typeof cost === 'number' && Number.isFinite(cost) ? `$${cost.toFixed(4)}` : 'unknown');

function prCell(apply: ApplyRecord | null): string {
  if (!apply || (apply.pr_url === null && apply.pr_number === null)) return '-';
  const label = apply.pr_number !== null ? `#${apply.pr_number}` : 'PR';
  return apply.pr_url && /^https?:\/\//.test(apply.pr_url) ? `[${label}](${apply.pr_url.replace(/[()\s]/g, encodeURIComponent)})` : label;
}

/**
 * Pure: the Markdown `taskpod run` appends to `$GITHUB_STEP_SUMMARY` in GitHub Actions. The totals
 * are the run's (totalsOf: from the ledger's spend lines, so a reply the guard rejected is counted).
 */
export function formatStepSummary(rows: readonly StepSummaryRow[], totals: RunTotals): string {
  const { tokens_in: tokensIn, tokens_out: tokensOut, done, failed, paid_calls: paid, cost_unknown: unknown } = totals;
  // A model with no known price costs unknown, never 0.
  const costText = paid > 0 && unknown === paid ? 'unknown' : `${usd(totals.cost_usd)}${unknown > 0 ? ' + unknown' : ''}`;
  const count = (n: number) => n.toLocaleString('en-US');
  const lines = [
    '## taskpod run',
    '',
    `**${rows.length} task${rows.length === 1 ? '' : 's'}**: ${done} done, ${failed} failed, ${rows.length - done - failed} other · ` +
      `${count(paid)} paid call${paid === 1 ? '' : 's'} · tokens ${count(tokensIn)} in + ${count(tokensOut)} out · cost ${costText} · wall time ${totals.wall_s.toFixed(1)} s`,
    '',
    '| Task | Result | Branch | PR | Tokens | Cost |',
    '|---|---|---|---|---|---|',
    ...rows
      .map((r) =>
        [
          escapeMarkdown(r.id),
          `${r.result === 'done' ? '✅' : r.result === 'failed' ? '❌' : '⏸️'} ${escapeMarkdown(r.result)}`,
          r.apply?.branch ? `\`${r.apply.branch.replace(/`/g, '')}\`` : '-',
          prCell(r.apply),
          r.run ? `${r.run.tokens_in} + ${r.run.tokens_out}` : '-',
          r.run ? usd(r.run.cost_usd) : '-',
        ].join(' | '),
      )
      .map((row) => `| ${row} |`),
  ];
  const notes = rows.flatMap((r) => (r.note ? [`- ${escapeMarkdown(r.note)}`] : []));
  if (notes.length > 0) lines.push('', ...notes);
  return `${lines.join('\n')}\n\n`;
}

/** Appends the summary when GitHub Actions gave a summary file (`GITHUB_STEP_SUMMARY`); a no-op elsewhere. */
export function appendStepSummary(env: NodeJS.ProcessEnv, rows: readonly StepSummaryRow[], totals: RunTotals): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, formatStepSummary(rows, totals));
}
