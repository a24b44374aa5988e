import type { LedgerEntry } from './build-ledger-entry';

const COLUMNS = ['time', 'task', 'pod', 'phase', 'files', '+/-', 'tokens', 'cost', 'branch', 'PR', 'patch file'];

/** Title and table header, written once when the trace log is created. */
export const TRACE_HEADER =
  '# Trace log\n\nOne row per completed task, appended by `taskpod log`.\n\n' +
  `| ${COLUMNS.join(' | ')} |\n|${COLUMNS.map(() => '---').join('|')}|\n`;

/** A table cell: pipes escaped and line breaks flattened, so a value never breaks the row. */
export function escapeCell(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, ' ')
    .trim();
}

/** A cost nobody knows (no known price) is `unknown`, never $0. */
const money = (usd: number | null) => (usd === null || usd === undefined ? 'unknown' : `$${usd.toFixed(4)}`);

/** Pure: the Markdown row for one logged patch (newline included). */
export function buildTraceRow(entry: LedgerEntry): string {
  const pr = entry.pr_url
    ? `[#${entry.pr_number ?? 'PR'}](${entry.pr_url})`
    : entry.pr_number !== null && entry.pr_number !== undefined
      ? `#${entry.pr_number}`
      : '-';
  const cells = [
    entry.logged_at,
    // Links are relative to the trace log, which sits in .logs/ beside reasoning/ and handoff/.
    [
      entry.task_id,
      entry.reasoning_file ? `[reasoning](${entry.reasoning_file.replace(/^\.logs\//, '')})` : '',
      entry.handoff_file ? `[handoff](${entry.handoff_file.replace(/^\.logs\//, '')})` : '',
    ]
      .filter(Boolean)
      .join(' '),
    entry.pod ?? '-',
    entry.phase === null || entry.phase === undefined ? '-' : String(entry.phase),
    String(entry.files_changed),
    `+${entry.insertions}/-${entry.deletions}`,
    `${entry.tokens_in} in / ${entry.tokens_out} out`,
    money(entry.cost_usd),
    entry.branch ? `${entry.branch}${entry.pushed ? '' : ' (not pushed)'}` : '-',
    pr,
    entry.patch_file,
  ];
  return `| ${cells.map(escapeCell).join(' | ')} |\n`;
}

/** True when the log already has the row of this patch (the last cell names the patch file). */
export function hasTraceRow(text: string, patchFile: string): boolean {
  const ending = `| ${escapeCell(patchFile)} |`;
  return text.split('\n').some((line) => line.trimEnd().endsWith(ending));
}

/**
 * Pure: the trace log with the row of `entry` added (header first when the log is new), or null
 * when the row is already there, so logging a patch twice adds nothing.
 */
export function appendTraceRow(existing: string | null, entry: LedgerEntry): string | null {
  const text = existing ?? '';
  if (hasTraceRow(text, entry.patch_file)) return null;
  const base = text.trim() === '' ? TRACE_HEADER : text.endsWith('\n') ? text : `${text}\n`;
  return base + buildTraceRow(entry);
}
