import * as path from 'node:path';
import {
  explainTaskBlockers,
  extractHumanFeedback,
  taskFieldValues,
  taskPaths,
  type Task,
  type TaskFieldValues,
  type TaskBlockers,
  type TaskpodConfig,
  type Workspace,
} from '@taskpod/core';
import { isPatchEntry, readLedger } from '@taskpod/ledger';
import { readTextIfExists } from '@taskpod/core/atomic-write';
import { readApplyRecord, readFailureRecord, readPatchPointer, readRunRecord, readSidecar } from '@taskpod/core/records';
import { budgetLeftFor, type BudgetLeft } from './budget-left';

/** Everything `taskpod show` tells about one task: the stable `show --json` shape. */
export interface TaskDescription extends TaskFieldValues {
  file: string;
  line: number;
  /** Every field as written in the task file. */
  fields: Record<string, unknown>;
  blocked_by: TaskBlockers;
  /** `.patches/<id>/run.json`: the newest run, paid for or answered from the reply store. */
  last_run: {
    provider: string;
    model: string;
    tokens_in: number;
    tokens_out: number;
    cost_usd: number | null;
    from_store: boolean;
    reply_key: string;
    started_at: string;
    duration_s: number;
  } | null;
  /** The ledger's lines for this task: one per logged patch. */
  logged: {
    logged_at: string;
    patch_file: string;
    model: string | null;
    tokens_in: number;
    tokens_out: number;
    cost_usd: number | null;
    branch: string;
    commit: string;
    pr_url: string | null;
    /** When `taskpod undo` took it back, else null. */
    undone_at: string | null;
  }[];
  /** `.patches/<id>/patch.json` and its sidecar: the newest patch. */
  patch: {
    diff: string;
    meta: string;
    made_at: string | null;
    source: string | null;
    files: number;
    insertions: number;
    deletions: number;
  } | null;
  /** `.patches/<id>/apply.json`: where the patch went. */
  apply: {
    mode: string;
    branch: string;
    commit: string;
    pushed: boolean;
    pr_number: number | null;
    pr_url: string | null;
    applied_at: string;
  } | null;
  /** `.patches/<id>/failure.json`: the step that failed last, until a log succeeds. */
  failure: { target: string; message: string; at: string } | null;
  feedback: { file: string; exists: boolean; human: string };
  /** Null while no budget applies (or budgets are not configured). */
  budget: BudgetLeft[] | null;
}

/** Reads what the steps recorded for `task` and explains what holds it back. */
export async function describeTask(root: string, config: TaskpodConfig, workspace: Workspace, task: Task): Promise<TaskDescription> {
  const id = task.id;
  const [run, apply, failure, pointer, ledger, feedbackText] = await Promise.all([
    readRunRecord(root, id),
    readApplyRecord(root, id),
    readFailureRecord(root, id),
    readPatchPointer(root, id),
    readLedger(root),
    readTextIfExists(path.join(root, taskPaths(id).feedback), taskPaths(id).feedback),
  ]);
  const meta = pointer ? await readSidecar(root, pointer.meta, id) : null;
  return {
    ...taskFieldValues(task),
    file: task.source.file,
    line: task.source.line,
    fields: task.fields,
    blocked_by: explainTaskBlockers(task, workspace.tasks, workspace.graph, config),
    last_run: run && {
      provider: run.provider,
      model: run.model,
      tokens_in: run.tokens_in,
      tokens_out: run.tokens_out,
      cost_usd: run.cost_usd ?? null,
      from_store: run.from_store,
      reply_key: run.reply_key,
      started_at: run.started_at,
      duration_s: run.duration_s,
    },
    logged: ledger
      .filter(isPatchEntry)
      .filter((e) => e.task_id === id && typeof e.patch_file === 'string')
      .map((e) => ({
        logged_at: e.logged_at,
        patch_file: e.patch_file,
        model: e.model,
        tokens_in: e.tokens_in,
        tokens_out: e.tokens_out,
        cost_usd: e.cost_usd ?? null,
        branch: e.branch,
        commit: e.commit,
        pr_url: e.pr_url,
        undone_at: e.undone_at ?? null,
      })),
    patch: pointer && {
      diff: pointer.diff,
      meta: pointer.meta,
      made_at: meta?.timestamp ?? null,
      source: meta?.source ?? null,
      files: meta?.totals.files ?? 0,
      insertions: meta?.totals.insertions ?? 0,
      deletions: meta?.totals.deletions ?? 0,
    },
    apply: apply && {
      mode: apply.mode,
      branch: apply.branch,
      commit: apply.commit,
      pushed: apply.pushed,
      pr_number: apply.pr_number,
      pr_url: apply.pr_url,
      applied_at: apply.applied_at,
    },
    failure: failure && { target: failure.target, message: failure.message, at: failure.at },
    feedback: {
      file: taskPaths(id).feedback,
      exists: feedbackText !== null,
      human: feedbackText === null ? '' : extractHumanFeedback(feedbackText),
    },
    budget: budgetLeftFor(root, config, task),
  };
}
