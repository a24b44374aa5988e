import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { taskPaths } from '../paths';
import type { ClaimedRecord } from '../types';
import { jsonRecord, readRecordFile, writeRecordFile } from './record-file';
import { nullable, oneOf, optional, string } from './record-shape';

/** `<git dir>/taskpod/claimed/<id>.json`: written by `run` when another runner holds the task's claim. */
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

/** The claim that made this runner skip the task last, or null when none did; `gitDir` is the repository's `.git`. */
export const readClaimedRecord = (gitDir: string, id: string) => readRecordFile(gitDir, taskPaths(id).claimedInGitDir, CLAIMED, id);

export const writeClaimedRecord = (gitDir: string, record: ClaimedRecord) =>
  writeRecordFile(gitDir, taskPaths(record.task_id).claimedInGitDir, CLAIMED, record);

export async function clearClaimedRecord(gitDir: string, id: string): Promise<void> {
  await fs.rm(path.join(gitDir, taskPaths(id).claimedInGitDir), { force: true });
}
