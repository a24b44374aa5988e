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

const endsWithPatch = (line: string, patchFile: string) => line.trimEnd().endsWith(`| ${escapeCell(patchFile)} |`);

/** A row `taskpod undo` marked: its task cell ends with `(undone <time>)`. */
export const isUndoneRow = (line: string): boolean => /^\|[^|]*\|[^|]*\(undone [^)|]*\) \|/.test(line);

/** True when the log already has a row of this patch that no undo marked (the last cell names the patch file). */
export function hasTraceRow(text: string, patchFile: string): boolean {
  return text.split('\n').some((line) => endsWithPatch(line, patchFile) && !isUndoneRow(line));
}

/**
 * Pure: the trace log with every unmarked row of these patches marked `(undone <at>)` in its task
 * cell (the row itself stays, so the history shows what was done and taken back), or null when
 * there is nothing left to mark.
 */
export function markTraceRowsUndone(existing: string | null, patchFiles: readonly string[], at: string): string | null {
  if (existing === null || patchFiles.length === 0) return null;
  let changed = false;
  const lines = existing.split('\n').map((line) => {
    if (isUndoneRow(line) || !patchFiles.some((p) => endsWithPatch(line, p))) return line;
    const cells = line.split(' | ');
    if (cells.length < 3) return line;
    cells[1] = `${cells[1]} (undone ${escapeCell(at)})`;
    changed = true;
    return cells.join(' | ');
  });
  return changed ? lines.join('\n') : null;
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

/**
 * Pure: the trace log with the rows of every fully undone patch marked, or null when none is left
 * unmarked. A merge can bring one back: one clone marks a row `(undone ...)` while another appends
 * after it, and git's union merge keeps the old row beside the marked one. A patch file logged
 * again after its undo (a live line) is left alone: its new row is the live one.
 */
export function markUndoneRows(existing: string | null, entries: readonly LedgerEntry[]): string | null {
  if (existing === null) return null;
  const latestUndo = new Map<string, string>();
  const live = new Set<string>();
  for (const e of entries) {
    if (!e.undone_at) live.add(e.patch_file);
    else if ((latestUndo.get(e.patch_file) ?? '') < e.undone_at) latestUndo.set(e.patch_file, e.undone_at);
  }
  let text = existing;
  let changed = false;
  for (const [patchFile, at] of latestUndo) {
    if (live.has(patchFile) || !hasTraceRow(text, patchFile)) continue;
    text = markTraceRowsUndone(text, [patchFile], at) ?? text;
    changed = true;
  }
  return changed ? text : null;
}
