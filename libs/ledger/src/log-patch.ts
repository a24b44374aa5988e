import { LEDGER_FILE, METRICS_FILE, TRACE_LOG, UserError, redactSecretsIn, resolveWriteTarget, taskPaths } from '@taskpod/core';
import { readTextIfExists, removeStrayTempFiles, writeFileAtomic } from '@taskpod/core/atomic-write';
import { buildLedgerEntry, toIsoSeconds, type LedgerEntry, type LedgerTask, type LogInputs } from './build-ledger-entry';
import { buildMetrics, formatMetrics } from './build-metrics';
import { addFeedbackRun } from './feedback-file';
import { addExtraSection, extraFiles } from './log-extras';
import { formatLedgerLine, parseLedger } from './read-ledger';
import { setTaskStatus } from './set-task-status';
import { appendTraceRow } from './trace-log';
import { withLedgerLock, type LedgerLockOptions } from './with-ledger-lock';

export interface LogPatchOptions {
  now: Date;
  lock?: LedgerLockOptions;
  /** Whose secret values never reach the logs (default process.env). */
  env?: Record<string, string | undefined>;
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
  // Summaries, branches and PR links end up in the trace log, ledger and feedback file: none may carry a secret.
  const fresh = redactSecretsIn(buildLedgerEntry(task, inputs, options.now), options.env);
  const feedbackFile = taskPaths(task.id).feedback;
  return withLedgerLock(
    root,
    async () => {
      // Real paths: a symlinked task.yaml or log file is written through, and one leaving the workspace is refused.
      const extras = extraFiles(task.id);
      const files = [TRACE_LOG, LEDGER_FILE, METRICS_FILE, feedbackFile, extras.reasoning, extras.handoff, task.source.file];
      const targets = new Map<string, string>();
      for (const rel of files) targets.set(rel, resolveWriteTarget(root, rel));
      const abs = (rel: string) => targets.get(rel)!;
      const read = (rel: string) => readTextIfExists(abs(rel), rel);
      for (const rel of files) await removeStrayTempFiles(abs(rel));
      const ledgerText = (await read(LEDGER_FILE)) ?? '';
      const entries = parseLedger(ledgerText);
      const logged = entries.find((e) => e.key === fresh.key);
      const entry = logged ?? fresh;
      if (!logged) entries.push(entry);
      const taskText = await read(task.source.file);
      if (taskText === null) throw new UserError(`Cannot mark task ${task.id} done: ${task.source.file} is missing.`);
      const oldMetrics = await read(METRICS_FILE);
      const metrics = formatMetrics(buildMetrics(entries));
      const done = setTaskStatus(
        taskText,
        { id: task.id, file: task.source.file, shape: task.source.shape },
        'done',
        toIsoSeconds(options.now),
      );
      const plan: [string, string | null][] = [
        [TRACE_LOG, appendTraceRow(await read(TRACE_LOG), entry)],
        [feedbackFile, addFeedbackRun(await read(feedbackFile), entry, inputs.meta.files)],
        // The reply's reasoning and handoff text, before the ledger line (the commit point), like the feedback.
        [
          extras.reasoning,
          entry.reasoning_file
            ? addExtraSection(await read(extras.reasoning), 'reasoning', entry, redactSecretsIn(inputs.run?.reasoning, options.env))
            : null,
        ],
        [
          extras.handoff,
          entry.handoff_file
            ? addExtraSection(await read(extras.handoff), 'handoff', entry, redactSecretsIn(inputs.run?.handoff, options.env))
            : null,
        ],
        [
          LEDGER_FILE,
          logged ? null : `${ledgerText}${ledgerText === '' || ledgerText.endsWith('\n') ? '' : '\n'}${formatLedgerLine(entry)}`,
        ],
        [METRICS_FILE, metrics === oldMetrics ? null : metrics],
        [task.source.file, done?.text ?? null],
      ];
      // Three rounds, in this order for crash safety: what comes before the ledger line, the line, what
      // comes after it. Within a round the files are independent, so their writes (each an fsync) overlap.
      const rounds = [plan.slice(0, 4), plan.slice(4, 5), plan.slice(5)];
      const written: string[] = [];
      for (const round of rounds) {
        const due = round.filter((item): item is [string, string] => item[1] !== null);
        await Promise.all(due.map(([rel, content]) => writeFileAtomic(abs(rel), content)));
        written.push(...due.map(([rel]) => rel));
      }
      return { appended: !logged, written, entry, taskFields: done?.changed ?? [] };
    },
    options.lock,
  );
}
