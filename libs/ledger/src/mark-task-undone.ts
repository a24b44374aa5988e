import { isPatchEntry } from './spend-lines';
import { LEDGER_FILE, METRICS_FILE, TRACE_LOG, resolveWriteTarget } from '@taskpod/core';
import { readTextIfExists, removeStrayTempFiles, writeFileAtomic } from '@taskpod/core/atomic-write';
import { toIsoSeconds, type LedgerEntry } from './build-ledger-entry';
import { buildMetrics, formatMetrics } from './build-metrics';
import { buildUndoLine, formatLedgerLine, parseLedger } from './read-ledger';
import { markTraceRowsUndone } from './trace-log';
import { withLedgerLock } from './with-ledger-lock';
import { planStatusWrites, type StatusTask, type TaskStatusChange, type WriteStatusOptions } from './write-task-statuses';

export interface MarkUndoneResult {
  /** The patch lines this call took back (empty when an earlier undo already had). */
  undone: LedgerEntry[];
  /** The status write-back to `ready`. */
  status: TaskStatusChange;
  /** Workspace-relative paths written, in order. */
  written: string[];
}

/**
 * Takes back a task's logged patches: an undo line per patch line still counted, the trace rows
 * marked `(undone <time>)`, metrics recomputed (the task no longer done, its spend still counted),
 * and the status set to `ready`, all under the ledger lock. The undo lines are the commit point:
 * what comes after them is completed by running it again after a crash, and adds nothing twice.
 */
export async function markTaskUndone(root: string, task: StatusTask, options: WriteStatusOptions): Promise<MarkUndoneResult> {
  return withLedgerLock(
    root,
    async () => {
      const at = toIsoSeconds(options.now);
      const texts = new Map<string, { target: string; text: string | null }>();
      for (const rel of [LEDGER_FILE, TRACE_LOG, METRICS_FILE]) {
        const target = resolveWriteTarget(root, rel);
        await removeStrayTempFiles(target);
        texts.set(rel, { target, text: await readTextIfExists(target, rel) });
      }
      const ledgerText = texts.get(LEDGER_FILE)!.text ?? '';
      const before = parseLedger(ledgerText);
      const undone = before.filter(isPatchEntry).filter((e) => e.task_id === task.id && !e.undone_at);
      const lines = undone.map((e) => formatLedgerLine(buildUndoLine(e, at))).join('');
      const gap = ledgerText === '' || ledgerText.endsWith('\n') ? '' : '\n';
      const after = lines === '' ? before : parseLedger(`${ledgerText}${gap}${lines}`);
      const mine = after.filter(isPatchEntry).filter((e) => e.task_id === task.id);
      const metrics = formatMetrics(buildMetrics(after));
      const plan = await planStatusWrites(root, [task], 'ready', options.now);
      // Rows already marked keep their time; the rest are this undo's (or, after a crash, the last one's).
      const time =
        undone.length > 0
          ? at
          : mine
              .map((e) => e.undone_at ?? '')
              .sort()
              .at(-1) || at;
      const files = [...new Set(mine.map((e) => e.patch_file))];
      const trace = markTraceRowsUndone(texts.get(TRACE_LOG)!.text, files, time) ?? texts.get(TRACE_LOG)!.text;
      const writes: [string, string, string | null][] = [
        [LEDGER_FILE, texts.get(LEDGER_FILE)!.target, lines === '' ? null : `${ledgerText}${gap}${lines}`],
        [TRACE_LOG, texts.get(TRACE_LOG)!.target, trace === texts.get(TRACE_LOG)!.text ? null : trace],
        [METRICS_FILE, texts.get(METRICS_FILE)!.target, metrics === texts.get(METRICS_FILE)!.text ? null : metrics],
      ];
      const written: string[] = [];
      for (const [rel, target, text] of writes) {
        if (text === null) continue;
        await writeFileAtomic(target, text);
        written.push(rel);
      }
      for (const write of plan.writes) await writeFileAtomic(write.target, write.text);
      if (plan.writes.length > 0) written.push(task.source.file);
      return { undone, status: plan.changes[0]!, written };
    },
    options.lock,
  );
}
