import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { taskPaths } from '../paths';
import { jsonRecord, readRecordFile, writeRecordFile } from './record-file';
import { listOf, nullable, number, oneOf, string } from './record-shape';

/** `.patches/<id>/undo.json`: what the last `taskpod undo` took back, written when it is done. */
export interface UndoRecord {
  task_id: string;
  undone_at: string;
  /** The patch the undone apply committed, when there was an apply record. */
  patch_file: string | null;
  mode: 'worktree' | 'current' | null;
  /** The commit taken back (the apply's commit). */
  commit: string | null;
  /** `taskpod/<id>` where it was deleted: `local`, `origin`. */
  branch_deleted: string[];
  /** The revert commit made on the current branch for an `--into current` apply. */
  revert_commit: string | null;
  pr_number: number | null;
  /** What happened to the pull request: closed by undo, already closed, a revert PR opened for a merged one. */
  pr_action: 'closed' | 'already-closed' | 'revert-pr' | 'none';
  revert_pr_url: string | null;
  /** Ledger lines this undo took back. */
  patches_undone: number;
}

const UNDO = jsonRecord<UndoRecord>(
  {
    task_id: string,
    undone_at: string,
    patch_file: nullable(string),
    mode: nullable(oneOf('worktree', 'current')),
    commit: nullable(string),
    branch_deleted: listOf(string),
    revert_commit: nullable(string),
    pr_number: nullable(number),
    pr_action: oneOf('closed', 'already-closed', 'revert-pr', 'none'),
    revert_pr_url: nullable(string),
    patches_undone: number,
  },
  (id) => `Delete it; \`taskpod undo ${id}\` writes it again.`,
);

const undoPath = (id: string) => `${taskPaths(id).dir}/undo.json`;

/** The last undo of the task, or null when it was never undone. */
export const readUndoRecord = (root: string, id: string) => readRecordFile(root, undoPath(id), UNDO, id);

export const writeUndoRecord = (root: string, record: UndoRecord) => writeRecordFile(root, undoPath(record.task_id), UNDO, record);

/** Removes apply.json once its apply is taken back, so the next apply starts afresh. */
export async function removeApplyRecord(root: string, id: string): Promise<void> {
  await fs.rm(path.join(root, taskPaths(id).apply), { force: true });
}
