import * as path from 'node:path';
import { LEDGER_FILE, METRICS_FILE, TRACE_LOG, UserError, taskPaths } from '@taskpod/core';
import { readTextIfExists, removeStrayTempFiles, writeFileAtomic } from './atomic-write';
import { buildLedgerEntry, toIsoSeconds, type LedgerEntry, type LedgerTask, type LogInputs } from './build-ledger-entry';
import { buildMetrics, formatMetrics } from './build-metrics';
import { addFeedbackRun } from './feedback-file';
import { addExtraSection, extraFiles } from './log-extras';
import { markTaskDone } from './mark-task-done';
import { formatLedgerLine, parseLedger } from './read-ledger';
import { appendTraceRow } from './trace-log';
import { withLedgerLock, type LedgerLockOptions } from './with-ledger-lock';

export interface LogPatchOptions {
  now: Date;
  lock?: LedgerLockOptions;
}

export interface LogPatchResult {
  /** False when the ledger already held this patch (a re-run): then only missing pieces are written. */
  appended: boolean;
  /** Workspace-relative paths written, in order; empty when everything was already recorded. */
  written: string[];
  /** The ledger line of this patch (the earlier one on a re-run). */
  entry: LedgerEntry;
  /** Fields set in the task.yaml (empty when it already said done). */
  taskFields: string[];
}

/**
 * Records one applied patch: trace row, feedback section, ledger line, metrics, task done. All new
 * contents are computed before the first write (bad input writes nothing), under the ledger lock.
 * The ledger line is the commit point: the trace row and feedback section are written before it
 * and skipped when present, metrics and the task.yaml after it, so re-running after a crash at any
 * moment completes the record without duplicating anything.
 */
export async function logPatch(root: string, task: LedgerTask, inputs: LogInputs, options: LogPatchOptions): Promise<LogPatchResult> {
  const fresh = buildLedgerEntry(task, inputs, options.now);
  const feedbackFile = taskPaths(task.id).feedback;
  return withLedgerLock(root, async () => {
    const abs = (rel: string) => path.join(root, rel);
    const extras = extraFiles(task.id);
    for (const rel of [TRACE_LOG, LEDGER_FILE, METRICS_FILE, feedbackFile, extras.reasoning, extras.handoff, task.source.file]) await removeStrayTempFiles(abs(rel));
    const ledgerText = (await readTextIfExists(abs(LEDGER_FILE))) ?? '';
    const entries = parseLedger(ledgerText);
    const logged = entries.find((e) => e.key === fresh.key);
    const entry = logged ?? fresh;
    if (!logged) entries.push(entry);
    const taskText = await readTextIfExists(abs(task.source.file));
    if (taskText === null) throw new UserError(`Cannot mark task ${task.id} done: ${task.source.file} is missing.`);
    const oldMetrics = await readTextIfExists(abs(METRICS_FILE));
    const metrics = formatMetrics(buildMetrics(entries));
    const done = markTaskDone(taskText, { id: task.id, file: task.source.file, shape: task.source.shape }, toIsoSeconds(options.now));
    const plan: [string, string | null][] = [
      [TRACE_LOG, appendTraceRow(await readTextIfExists(abs(TRACE_LOG)), entry)],
      [feedbackFile, addFeedbackRun(await readTextIfExists(abs(feedbackFile)), entry, inputs.meta.files)],
      // The reply's reasoning and handoff text, before the ledger line (the commit point), like the feedback.
      [extras.reasoning, entry.reasoning_file ? addExtraSection(await readTextIfExists(abs(extras.reasoning)), 'reasoning', entry, inputs.run?.reasoning) : null],
      [extras.handoff, entry.handoff_file ? addExtraSection(await readTextIfExists(abs(extras.handoff)), 'handoff', entry, inputs.run?.handoff) : null],
      [LEDGER_FILE, logged ? null : `${ledgerText}${ledgerText === '' || ledgerText.endsWith('\n') ? '' : '\n'}${formatLedgerLine(entry)}`],
      [METRICS_FILE, metrics === oldMetrics ? null : metrics],
      [task.source.file, done?.text ?? null],
    ];
    const written: string[] = [];
    for (const [rel, content] of plan) {
      if (content === null) continue;
      await writeFileAtomic(abs(rel), content);
      written.push(rel);
    }
    return { appended: !logged, written, entry, taskFields: done?.changed ?? [] };
  }, options.lock);
}
