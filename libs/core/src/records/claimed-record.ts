import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { taskPaths } from '../paths';
import type { ClaimedRecord } from '../types';
import { jsonRecord, readRecordFile, writeRecordFile } from './record-file';
import { nullable, oneOf, optional, string } from './record-shape';

/** `.patches/<id>/claimed.json`: written by `run` when another runner holds the task's claim. */
const CLAIMED = jsonRecord<ClaimedRecord>(
  {
    task_id: string,
    runner: string,
    state: oneOf('claimed', 'delivered'),
    reply_key: string,
    claimed_at: string,
    lease_expires_at: nullable(string),
    branch: optional(string),
    pr_url: optional(string),
    seen_at: string,
  },
  (id) => `Delete it; taskpod writes it again when another runner holds the claim of ${id}.`,
);

/** The claim that made this runner skip the task last, or null when none did. */
export const readClaimedRecord = (root: string, id: string) => readRecordFile(root, taskPaths(id).claimed, CLAIMED, id);

export const writeClaimedRecord = (root: string, record: ClaimedRecord) =>
  writeRecordFile(root, taskPaths(record.task_id).claimed, CLAIMED, record);

export async function clearClaimedRecord(root: string, id: string): Promise<void> {
  await fs.rm(path.join(root, taskPaths(id).claimed), { force: true });
}
