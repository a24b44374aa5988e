import { LEDGER_FILE, METRICS_FILE, TRACE_LOG, UserError, redactSecretsIn, resolveWriteTarget, taskPaths } from '@taskpod/core';
import { readTextIfExists, removeStrayTempFiles, writeFileAtomic } from '@taskpod/core/atomic-write';
import { buildLedgerEntry, toIsoSeconds, type LedgerEntry, type LedgerTask, type LogInputs } from './build-ledger-entry';
import { buildMetrics, formatMetrics } from './build-metrics';
import { addFeedbackRun } from './feedback-file';
import { addExtraSection, extraFiles } from './log-extras';
import { formatLedgerLine, parseLedger } from './read-ledger';
import { isPatchEntry } from './spend-lines';
import { setTaskStatus } from './set-task-status';
import { appendTraceRow, markUndoneRows } from './trace-log';
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

interface Pending {
  task: LedgerTask;
  inputs: LogInputs;
  options: LogPatchOptions;
  resolve: (result: LogPatchResult) => void;
  reject: (error: unknown) => void;
}

/** Per workspace root: the logs waiting for the next group, and whether a group is being written. */
const queues = new Map<string, { pending: Pending[]; draining: boolean }>();

/**
 * Records one applied patch: trace row, feedback section, ledger line, metrics, task done. All new
 * contents are computed before the first write (bad input writes nothing), under the ledger lock.
 * The ledger line is the commit point: the trace row and feedback section are written before it
 * and skipped when present, metrics and the task.yaml after it, so re-running after a crash at any
 * moment completes the record without duplicating anything.
 *
 * Logs asked for in one process while another is being written (the log steps of an Nx batch) are
 * written together, as one group under one lock turn: the shared files (trace log, ledger, metrics)
 * once for the group, every file of a round at the same time. Each file write is an fsync, and one
 * by one they made logging a batch of 100 tasks take longer than applying it.
 */
export function logPatch(root: string, task: LedgerTask, inputs: LogInputs, options: LogPatchOptions): Promise<LogPatchResult> {
  return new Promise((resolve, reject) => {
    const queue = queues.get(root) ?? queues.set(root, { pending: [], draining: false }).get(root)!;
    queue.pending.push({ task, inputs, options, resolve, reject });
    if (!queue.draining) void drain(root, queue);
  });
}

async function drain(root: string, queue: { pending: Pending[]; draining: boolean }): Promise<void> {
  queue.draining = true;
  // One turn of the event loop, so the logs a batch starts together join the first group.
  await new Promise((resolve) => setImmediate(resolve));
  while (queue.pending.length > 0) {
    const group = queue.pending.splice(0);
    try {
      const outcomes = await withLedgerLock(root, () => logGroup(root, group), group[0]!.options.lock);
      group.forEach((item, i) => {
        const outcome = outcomes[i]!;
        if ('error' in outcome) item.reject(outcome.error);
        else item.resolve(outcome);
      });
    } catch (error) {
      for (const item of group) item.reject(error);
    }
  }
  queue.draining = false;
  if (queues.get(root) === queue) queues.delete(root);
}

/** The records of every log of the group, each task's problem its own; written in three rounds. */
async function logGroup(root: string, group: Pending[]): Promise<(LogPatchResult | { error: unknown })[]> {
  // Real paths: a symlinked task.yaml or log file is written through, and one leaving the workspace is refused.
  const targets = new Map<string, string>();
  const texts = new Map<string, string | null>();
  const target = async (rel: string) => {
    if (!targets.has(rel)) {
      const abs = resolveWriteTarget(root, rel);
      await removeStrayTempFiles(abs);
      targets.set(rel, abs);
      texts.set(rel, await readTextIfExists(abs, rel));
    }
    return rel;
  };
  const text = async (rel: string) => (await target(rel), texts.get(rel) ?? null);
  for (const rel of [TRACE_LOG, LEDGER_FILE, METRICS_FILE]) await target(rel);
  const entries = parseLedger(texts.get(LEDGER_FILE) ?? '');
  const oldMetrics = texts.get(METRICS_FILE) ?? null;
  const changed = new Set<string>();
  const set = (rel: string, content: string | null, mine: string[]) => {
    if (content === null) return;
    texts.set(rel, content);
    changed.add(rel);
    mine.push(rel);
  };
  const outcomes: (LogPatchResult | { error: unknown })[] = [];
  const perTask: { written: string[]; appended: boolean }[] = [];
  for (const { task, inputs, options } of group) {
    const mine: string[] = [];
    try {
      // Summaries, branches and PR links end up in the trace log, ledger and feedback file: none may carry a secret.
      const fresh = redactSecretsIn(buildLedgerEntry(task, inputs, options.now), options.env);
      const feedbackFile = taskPaths(task.id).feedback;
      const extras = extraFiles(task.id);
      const taskText = await text(task.source.file);
      if (taskText === null) throw new UserError(`Cannot mark task ${task.id} done: ${task.source.file} is missing.`);
      const { logged, entry } = liveOrNew(entries.filter(isPatchEntry), fresh);
      const done = setTaskStatus(
        taskText,
        { id: task.id, file: task.source.file, shape: task.source.shape },
        'done',
        toIsoSeconds(options.now),
      );
      const reasoning = entry.reasoning_file
        ? addExtraSection(await text(extras.reasoning), 'reasoning', entry, redactSecretsIn(inputs.run?.reasoning, options.env))
        : null;
      const handoff = entry.handoff_file
        ? addExtraSection(await text(extras.handoff), 'handoff', entry, redactSecretsIn(inputs.run?.handoff, options.env))
        : null;
      const feedback = addFeedbackRun(await text(feedbackFile), entry, inputs.meta.files);
      // Nothing of this task is kept until all of it is computed: a bad task adds nothing to the group.
      set(TRACE_LOG, appendTraceRow(texts.get(TRACE_LOG) ?? null, entry), mine);
      set(feedbackFile, feedback, mine);
      set(extras.reasoning, reasoning, mine);
      set(extras.handoff, handoff, mine);
      if (!logged) {
        entries.push(entry);
        const ledgerText = texts.get(LEDGER_FILE) ?? '';
        set(LEDGER_FILE, `${ledgerText}${ledgerText === '' || ledgerText.endsWith('\n') ? '' : '\n'}${formatLedgerLine(entry)}`, mine);
      }
      set(task.source.file, done?.text ?? null, mine);
      perTask.push({ written: mine, appended: !logged });
      outcomes.push({ appended: !logged, written: mine, entry, taskFields: done?.changed ?? [] });
    } catch (error) {
      perTask.push({ written: [], appended: false });
      outcomes.push({ error });
    }
  }
  // Rows a merge brought back beside their undone mark are marked again, with the group's rows.
  const remarked = markUndoneRows(texts.get(TRACE_LOG) ?? null, entries.filter(isPatchEntry));
  if (remarked !== null && perTask.some((p) => p.written.includes(TRACE_LOG))) {
    texts.set(TRACE_LOG, remarked);
    changed.add(TRACE_LOG);
  }
  const metrics = formatMetrics(buildMetrics(entries));
  if (metrics !== oldMetrics) {
    texts.set(METRICS_FILE, metrics);
    changed.add(METRICS_FILE);
  }
  // Three rounds, in this order for crash safety: what comes before the ledger line, the line, what
  // comes after it. Within a round the files are independent, so their writes (each an fsync) overlap.
  const after = new Set([METRICS_FILE, ...group.map((item) => item.task.source.file)]);
  const rounds = [
    [...changed].filter((rel) => rel !== LEDGER_FILE && !after.has(rel)),
    [...changed].filter((rel) => rel === LEDGER_FILE),
    [...changed].filter((rel) => after.has(rel)),
  ];
  for (const round of rounds) await Promise.all(round.map((rel) => writeFileAtomic(targets.get(rel)!, texts.get(rel)!)));
  // The metrics file is listed, in its place, for every task whose log changed it.
  return outcomes.map((outcome, i) => {
    if ('error' in outcome || !changed.has(METRICS_FILE) || perTask[i]!.written.length === 0) return outcome;
    const written = [...outcome.written];
    written.splice(
      written.indexOf(LEDGER_FILE) + 1 || written.length - (written.includes(group[i]!.task.source.file) ? 1 : 0),
      0,
      METRICS_FILE,
    );
    return { ...outcome, written };
  });
}

/**
 * The line of this patch no undo took back, or a new one. A patch logged again after an undo (a
 * redo the Nx cache answered with the same patch) is a new line with its own key, `<patch>#<n>`.
 */
function liveOrNew(entries: readonly LedgerEntry[], fresh: LedgerEntry): { logged: LedgerEntry | undefined; entry: LedgerEntry } {
  const same = entries.filter((e) => e.key === fresh.key || e.patch_file === fresh.patch_file);
  const logged = same.find((e) => !e.undone_at);
  if (logged) return { logged, entry: logged };
  return { logged: undefined, entry: same.length === 0 ? fresh : { ...fresh, key: `${fresh.key}#${same.length + 1}` } };
}
