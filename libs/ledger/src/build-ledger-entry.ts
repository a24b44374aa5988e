import type { ApplyRecord, PatchMeta, RunRecord } from '@taskpod/core';

/** Everything `log` reads for one task: the records the run, patch and apply steps wrote. */
import { extraFiles } from './log-extras';

export interface LogInputs {
  /** Null only for a patch made with `taskpod patch --staged` (no model run). */
  run: RunRecord | null;
  /** `.patches/<id>/patch.json`: file names under `.patches/` of the newest patch. */
  patch: { diff: string; meta: string };
  meta: PatchMeta;
  apply: ApplyRecord;
}

/** One line of `.logs/ledger.jsonl`: one logged patch, keyed by its diff file name. */
export interface LedgerEntry {
  key: string;
  task_id: string;
  pod: string | null;
  phase: number | null;
  logged_at: string;
  patch_file: string;
  meta_file: string;
  summary: string;
  files_changed: number;
  insertions: number;
  deletions: number;
  model: string | null;
  tokens_in: number;
  tokens_out: number;
  /** The patch's run; null: no known price. Metrics count spend from the spend entries, not from here. */
  cost_usd: number | null;
  /**
   * The reply key of the run behind the patch (null for `patch --staged`). Its spend is the request's
   * spend entry; a line without this field was logged before spend entries existed and counts its own cost.
   */
  reply_key?: string | null;
  duration_s: number;
  branch: string;
  commit: string;
  pushed: boolean;
  pr_number: number | null;
  pr_url: string | null;
  /** `.logs/reasoning/<id>.md` and `.logs/handoff/<id>.md` when the reply carried that text. */
  reasoning_file?: string;
  handoff_file?: string;
  /**
   * Set by readers (never written on this line) when a later undo line names this key: the patch was
   * taken back, so metrics stop counting it as done work; its spend stays counted.
   */
  undone_at?: string;
}

/**
 * A line `taskpod undo` appends for each logged patch it takes back. A kind of its own, so the patch
 * line is never rewritten (the ledger stays append-only) and spend lines are left alone.
 */
export interface UndoLine {
  kind: 'undo';
  /** `undo:<key of the patch line>`: one undo per patch line, however often undo runs. */
  key: string;
  task_id: string;
  /** The key of the patch line taken back. */
  undoes: string;
  undone_at: string;
}

/** The task as the ledger needs it (a subset of core's Task, so callers need not load everything). */
export interface LedgerTask {
  id: string;
  pod: string | null;
  phase: number | null;
  source: { file: string; shape: 'flat' | 'tasks-map' };
}

/** `2026-11-24T01:30:00Z`: UTC ISO 8601 to the second, as logs and task.yaml carry it. */
export function toIsoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Pure: the ledger line for a patch. Tokens and cost come from the patch sidecar (they belong to
 * exactly this patch); the duration from the run record; pod and phase as recorded at patch time.
 */
export function buildLedgerEntry(task: LedgerTask, inputs: LogInputs, now: Date): LedgerEntry {
  const { meta, apply, run, patch } = inputs;
  return {
    key: patch.diff,
    task_id: task.id,
    pod: meta.pod !== undefined ? meta.pod : task.pod,
    phase: meta.phase !== undefined ? meta.phase : task.phase,
    logged_at: toIsoSeconds(now),
    patch_file: patch.diff,
    meta_file: patch.meta,
    summary: meta.summary,
    files_changed: meta.totals.files,
    insertions: meta.totals.insertions,
    deletions: meta.totals.deletions,
    model: meta.model ?? run?.model ?? null,
    tokens_in: meta.tokens_in,
    tokens_out: meta.tokens_out,
    cost_usd: meta.cost_usd,
    reply_key: run?.reply_key ?? null,
    duration_s: run?.duration_s ?? 0,
    branch: apply.branch,
    commit: apply.commit,
    pushed: apply.pushed,
    pr_number: apply.pr_number,
    pr_url: apply.pr_url,
    ...(run?.reasoning?.trim() ? { reasoning_file: extraFiles(task.id).reasoning } : {}),
    ...(run?.handoff?.trim() ? { handoff_file: extraFiles(task.id).handoff } : {}),
  };
}
