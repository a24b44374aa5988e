import { taskPaths } from '../paths';
import type { RunRecord } from '../types';
import { jsonRecord, readRecordFile, writeRecordFile } from './record-file';
import { boolean, listOf, nullable, number, objectOf, optional, string } from './record-shape';

/** `.patches/<id>/run.json`, as docs/file-formats.md describes it. */
const RUN = jsonRecord<RunRecord>(
  {
    task_id: string,
    provider: string,
    model: string,
    tokens_in: number,
    tokens_out: number,
    cost_usd: nullable(number),
    duration_s: number,
    prompt_hash: string,
    reply_key: string,
    from_store: boolean,
    summary: string,
    files: listOf(string),
    started_at: string,
    github_memory: optional(listOf(objectOf({ repo: string, ref: nullable(string), path: string, sha: nullable(string) }))),
    notes: optional(listOf(string)),
    reasoning: optional(string),
    handoff: optional(string),
  },
  (id) => `Re-run \`taskpod run ${id}\`.`,
);

/** The task's run record, or null before its first run. */
export const readRunRecord = (root: string, id: string) => readRecordFile(root, taskPaths(id).run, RUN, id);

export const writeRunRecord = (root: string, record: RunRecord) => writeRecordFile(root, taskPaths(record.task_id).run, RUN, record);
