import { UserError, resolveWriteTarget, type TaskStatus } from '@taskpod/core';
import { readTextIfExists, removeStrayTempFiles, writeFileAtomic } from '@taskpod/core/atomic-write';
import { toIsoSeconds } from './build-ledger-entry';
import { setTaskStatus } from './set-task-status';
import { withLedgerLock, type LedgerLockOptions } from './with-ledger-lock';

/** The task as a status write needs it (a subset of core's Task). */
export interface StatusTask {
  id: string;
  status: TaskStatus;
  source: { file: string; shape: 'flat' | 'tasks-map' };
}

export interface TaskStatusChange {
  id: string;
  file: string;
  from: TaskStatus;
  to: TaskStatus;
  /** Fields set in the task.yaml; empty when it already said `to`. */
  changed: string[];
}

export interface WriteStatusOptions {
  now: Date;
  lock?: LedgerLockOptions;
}

/**
 * Sets `status` (and `updated_at`) on every task, under the ledger lock `log` writes under, so a
 * status set by hand and one set by a finishing run never interleave. Every file is read and every
 * new text computed before the first write: an unreadable file writes nothing.
 */
export async function writeTaskStatuses(
  root: string,
  tasks: readonly StatusTask[],
  status: TaskStatus,
  options: WriteStatusOptions,
): Promise<TaskStatusChange[]> {
  return withLedgerLock(
    root,
    async () => {
      const plan = await planStatusWrites(root, tasks, status, options.now);
      for (const write of plan.writes) await writeFileAtomic(write.target, write.text);
      return plan.changes;
    },
    options.lock,
  );
}

/** What a status write would write, read fresh inside the lock; tasks sharing a file are edited in turn. */
export async function planStatusWrites(root: string, tasks: readonly StatusTask[], status: TaskStatus, now: Date) {
  const texts = new Map<string, { target: string; text: string; original: string }>();
  const changes: TaskStatusChange[] = [];
  for (const task of tasks) {
    const file = task.source.file;
    if (!texts.has(file)) {
      const target = resolveWriteTarget(root, file);
      await removeStrayTempFiles(target);
      const text = await readTextIfExists(target, file);
      if (text === null) throw new UserError(`Cannot set the status of task ${task.id}: ${file} is missing; nothing was written.`);
      texts.set(file, { target, text, original: text });
    }
    const entry = texts.get(file)!;
    const result = setTaskStatus(entry.text, { id: task.id, file, shape: task.source.shape }, status, toIsoSeconds(now));
    if (result) entry.text = result.text;
    changes.push({ id: task.id, file, from: task.status, to: status, changed: result?.changed ?? [] });
  }
  const writes = [...texts.values()].filter((e) => e.text !== e.original).map((e) => ({ target: e.target, text: e.text }));
  return { changes, writes };
}
