import { removeApplyRecord, writeUndoRecord, type UndoRecord } from '@taskpod/core/records';
import { deleteBranch, deleteRemoteBranch, pushCommitTo } from '@taskpod/git';
import { withdrawDelivery } from './release-claim';
import { closePullRequest, openPullRequest } from '@taskpod/github';
import { markTaskUndone } from '@taskpod/ledger';
import { type StepContext, workspaceGit } from './step-context';
import type { UndoPlan } from './undo-plan';
import { revertOnCurrent } from './undo-revert-current';

export interface UndoResult {
  record: UndoRecord;
  /** What was done, one line each, in order. */
  done: string[];
}

/**
 * Carries out a plan from planUndo, in an order a rerun can finish after any failure: the pull
 * request first (GitHub closes a PR whose branch goes), then the branches (each only where it was
 * seen), the revert commit, the ledger and status, and last apply.json, replaced by undo.json.
 * The patch, run record and reply store stay, so a redo without new feedback asks no model.
 */
export async function undoStep(ctx: StepContext, plan: UndoPlan): Promise<UndoResult> {
  const { task, record, pr, github } = plan;
  const git = workspaceGit(ctx);
  const now = ctx.now();
  const done: string[] = [];
  const say = (line: string) => {
    done.push(line);
    ctx.log(`${task.id}: ${line}`);
  };
  let prAction: UndoRecord['pr_action'] = pr ? 'already-closed' : 'none';
  let revertPrUrl: string | null = null;
  if (pr?.state === 'open' && github) {
    await closePullRequest(github.client, github.repo, pr.number, closingComment(task.id, now));
    prAction = 'closed';
    say(`closed pull request #${pr.number} with a comment`);
  }
  if (pr?.state === 'merged' && github && plan.revertPr) {
    const revert = plan.revertPr;
    await pushCommitTo(git, 'origin', revert.commit, revert.branch, revert.remoteTip);
    const opened = await openPullRequest(github.client, {
      repo: github.repo,
      head: revert.branch,
      base: revert.base,
      title: revert.title,
      body: revertBody(task.id, pr.number, pr.url, record?.commit ?? ''),
    });
    prAction = 'revert-pr';
    revertPrUrl = opened.url;
    say(
      `pull request #${pr.number} was merged: opened revert pull request #${opened.number} ${opened.url}; merge it to take the work out of ${revert.base}`,
    );
  }
  const deleted: string[] = [];
  if (plan.remote) {
    await deleteRemoteBranch(git, 'origin', plan.remote.name, plan.remote.tip);
    deleted.push('origin');
    say(`deleted ${plan.remote.name} on origin`);
  }
  if (plan.local) {
    await deleteBranch(git, plan.local.name, plan.local.tip);
    deleted.push('local');
    say(`deleted ${plan.local.name} here`);
  }
  if (await withdrawDelivery(ctx, task.id))
    say('removed its delivery record on origin (refs/taskpod/claims), so any runner may run it again');
  let revertCommit: string | null = null;
  if (record && plan.current?.action === 'revert') {
    revertCommit = await revertOnCurrent(ctx, task, record);
    say(`reverted ${record.commit.slice(0, 12)} on ${record.branch} with commit ${revertCommit.slice(0, 12)}`);
  } else if (plan.current) say(plan.current.note);
  const marked = await markTaskUndone(ctx.root, task, { now });
  if (marked.undone.length > 0)
    say(`marked ${marked.undone.length} logged patch${marked.undone.length === 1 ? '' : 'es'} undone (spend stays counted)`);
  if (marked.status.changed.length > 0) say(`status ${marked.status.from} -> ready`);
  const undo: UndoRecord = {
    task_id: task.id,
    undone_at: now.toISOString(),
    patch_file: record?.patch_file ?? null,
    mode: record?.mode ?? null,
    commit: record?.commit ?? null,
    branch_deleted: deleted,
    revert_commit: revertCommit,
    pr_number: pr?.number ?? null,
    pr_action: prAction,
    revert_pr_url: revertPrUrl,
    patches_undone: marked.undone.length,
  };
  await writeUndoRecord(ctx.root, undo);
  if (record) await removeApplyRecord(ctx.root, task.id);
  return { record: undo, done };
}

function closingComment(id: string, now: Date): string {
  return [
    `Undone by \`taskpod undo ${id}\` at ${now.toISOString()}.`,
    '',
    `This pull request is closed and its branch \`taskpod/${id}\` deleted; the task is \`ready\` again.`,
    'What its run cost stays recorded; a rerun without new feedback reuses the stored reply.',
    '',
    '_Closed by taskpod._',
  ].join('\n');
}

function revertBody(id: string, number: number, url: string, commit: string): string {
  return [
    `Reverts #${number} (${url}), as \`taskpod undo ${id}\` asked.`,
    '',
    `The changes of task \`${id}\` (commit \`${commit}\`) are taken out again; the task is \`ready\`.`,
    '',
    '_Opened by taskpod._',
  ].join('\n');
}
