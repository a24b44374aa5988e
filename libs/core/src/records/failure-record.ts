import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { taskPaths } from '../paths';
import type { FailureRecord } from '../types';
import { jsonRecord, readRecordFile, writeRecordFile } from './record-file';
import { string } from './record-shape';

/** `.patches/<id>/failure.json`: written by the executors when a target fails, cleared by `log`. */
const FAILURE = jsonRecord<FailureRecord>(
  { task_id: string, target: string, message: string, at: string },
  (id) => `Delete it; taskpod writes it again when a target of ${id} fails.`,
);

/** Why the task's last target failed, or null when none has since its last `log`. */
export const readFailureRecord = (root: string, id: string) => readRecordFile(root, taskPaths(id).failure, FAILURE, id);

/** Records why a target failed, for `taskpod run`'s summary; the executors call it with the redacted message. */
export const writeFailureRecord = (root: string, record: FailureRecord) =>
  writeRecordFile(root, taskPaths(record.task_id).failure, FAILURE, record);

export async function clearFailureRecord(root: string, id: string): Promise<void> {
  await fs.rm(path.join(root, taskPaths(id).failure), { force: true });
}
