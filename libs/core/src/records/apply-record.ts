import { taskPaths } from '../paths';
import type { ApplyRecord } from '../types';
import { jsonRecord, readRecordFile, writeRecordFile } from './record-file';
import { boolean, listOf, nullable, number, objectOf, oneOf, optional, string } from './record-shape';

/** `.patches/<id>/apply.json`, as docs/file-formats.md describes it. */
const APPLY = jsonRecord<ApplyRecord>(
  {
    task_id: string,
    patch_file: string,
    mode: oneOf('worktree', 'current'),
    method: oneOf('3way', 'overwrite', 'already-applied'),
    base_branch: string,
    branch: string,
    commit: string,
    pushed: boolean,
    pr_number: nullable(number),
    pr_url: nullable(string),
    applied_at: string,
    stacked_on: optional(listOf(objectOf({ task_id: string, branch: string, commit: string }))),
  },
  (id) => `Re-run \`taskpod apply ${id}\`.`,
);

/** The task's apply record, or null before its first apply. */
export const readApplyRecord = (root: string, id: string) => readRecordFile(root, taskPaths(id).apply, APPLY, id);

export const writeApplyRecord = (root: string, record: ApplyRecord) =>
  writeRecordFile(root, taskPaths(record.task_id).apply, APPLY, record);
