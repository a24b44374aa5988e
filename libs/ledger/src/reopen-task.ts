import { resolveWriteTarget, taskPaths } from '@taskpod/core';
import { readTextIfExists, removeStrayTempFiles, writeFileAtomic } from '@taskpod/core/atomic-write';
import { toIsoSeconds } from './build-ledger-entry';
import { addHumanFeedback } from './feedback-file';
import { withLedgerLock } from './with-ledger-lock';
import { planStatusWrites, type StatusTask, type TaskStatusChange, type WriteStatusOptions } from './write-task-statuses';

export interface ReopenResult {
  status: TaskStatusChange;
  /** `.logs/feedback/<id>.md` when feedback was added, else null. */
  feedbackFile: string | null;
}

/**
 * Sets the task `ready` and, with `feedback`, appends it to the "Human feedback" section of its
 * feedback file, where the next prompt reads it (so the next run asks the model anew). Both under
 * the ledger lock, computed before either is written; the feedback goes first, so a failure between
 * the two leaves the words kept and the status as it was.
 */
export async function reopenTask(
  root: string,
  task: StatusTask,
  feedback: string | null,
  options: WriteStatusOptions,
): Promise<ReopenResult> {
  return withLedgerLock(
    root,
    async () => {
      const rel = taskPaths(task.id).feedback;
      const target = resolveWriteTarget(root, rel);
      await removeStrayTempFiles(target);
      const text =
        feedback === null ? null : addHumanFeedback(await readTextIfExists(target, rel), task.id, feedback, toIsoSeconds(options.now));
      const plan = await planStatusWrites(root, [task], 'ready', options.now);
      if (text !== null) await writeFileAtomic(target, text);
      for (const write of plan.writes) await writeFileAtomic(write.target, write.text);
      return { status: plan.changes[0]!, feedbackFile: text === null ? null : rel };
    },
    options.lock,
  );
}
