import { UserError, type ApplyRecord, type Task } from '@taskpod/core';
import {
  advanceCheckout,
  buildRevertCommit,
  commitSubject,
  filesChangedBy,
  findRevertOf,
  isAncestor,
  pushBranch,
  remoteUrl,
  resolveRevision,
  uncommittedPaths,
  withCheckoutLock,
} from '@taskpod/git';
import { type StepContext, workspaceGit } from './step-context';

/** What undo does on the checkout an `--into current` apply committed onto. */
export interface CurrentRevert {
  action: 'revert' | 'none';
  /** The apply's commit. */
  commit: string;
  branch: string;
  /** Why there is nothing to revert (action `none`). */
  note: string;
}

/**
 * Checks that the apply's commit can be reverted on its branch now: the branch is checked out, the
 * files the commit changed have no uncommitted changes, and the revert applies. Refuses otherwise,
 * naming the files; a commit no longer on the branch, or already reverted, needs no revert.
 */
export async function checkCurrentRevert(ctx: StepContext, task: Task, record: ApplyRecord): Promise<CurrentRevert> {
  const base = { commit: record.commit, branch: record.branch };
  if (record.method === 'already-applied')
    return { ...base, action: 'none', note: `${record.branch} already held the patch; apply committed nothing there` };
  const head = await ensureOnBranch(ctx, task, record);
  const git = workspaceGit(ctx);
  const short = record.commit.slice(0, 12);
  if (!(await isAncestor(git, record.commit, head)))
    return { ...base, action: 'none', note: `${short} is no longer on ${record.branch}; nothing to revert there` };
  const revert = await findRevertOf(git, record.commit, head);
  if (revert) return { ...base, action: 'none', note: `${short} is already reverted on ${record.branch} by ${revert.slice(0, 12)}` };
  await refuseDirtyFiles(ctx, task, record);
  const built = await buildRevertCommit(git, record.commit, head, { subject: 'check' });
  if ('conflicts' in built) {
    throw new UserError(
      `Refusing to undo ${task.id}: reverting ${short} on ${record.branch} conflicts with later commits in ${built.conflicts.join(', ')}. Nothing was changed.`,
      { hint: `Revert it by hand (\`git revert ${short}\`), resolve the conflicts, then run \`taskpod undo ${task.id}\` again.` },
    );
  }
  if ('empty' in built)
    return { ...base, action: 'none', note: `${record.branch} no longer holds any change of ${short}; nothing to revert there` };
  return { ...base, action: 'revert', note: '' };
}

/**
 * Makes the revert commit on the checked-out branch (`git revert` semantics: a new commit, never a
 * reset), under the lock `apply --into current` takes, moving HEAD only if nobody moved it, and the
 * files only where they change. Pushed when the apply had pushed the branch. Returns the new commit.
 */
export async function revertOnCurrent(ctx: StepContext, task: Task, record: ApplyRecord): Promise<string> {
  const git = workspaceGit(ctx);
  const commit = await withCheckoutLock(git, async () => {
    const head = await ensureOnBranch(ctx, task, record);
    await refuseDirtyFiles(ctx, task, record);
    const subject = await commitSubject(git, record.commit);
    const built = await buildRevertCommit(git, record.commit, head, { subject: `Revert "${subject}"`, trailers: { 'Task-Id': task.id } });
    if (!('commit' in built))
      throw new UserError(
        `Reverting ${record.commit.slice(0, 12)} on ${record.branch} no longer applies (the branch moved meanwhile); run undo again.`,
      );
    await advanceCheckout(git, head, built.commit);
    return built.commit;
  });
  if (record.pushed && (await remoteUrl(git, 'origin')))
    await pushBranch(git, { remote: 'origin', commit, branch: record.branch, retryAfterRebase: false });
  return commit;
}

/** HEAD's commit, when the apply's branch is checked out; a refusal naming it otherwise. */
async function ensureOnBranch(ctx: StepContext, task: Task, record: ApplyRecord): Promise<string> {
  const head = await resolveRevision(workspaceGit(ctx), 'HEAD');
  if (head.branch === record.branch) return head.commit;
  throw new UserError(
    `Refusing to undo ${task.id}: it was applied onto ${record.branch} (\`--into current\`), and ${head.branch ? `${head.branch} is checked out` : 'HEAD is detached'}. Nothing was changed.`,
    { hint: `Check out ${record.branch} (\`git switch ${record.branch}\`) and run undo again; the revert is made there.` },
  );
}

async function refuseDirtyFiles(ctx: StepContext, task: Task, record: ApplyRecord): Promise<void> {
  const git = workspaceGit(ctx);
  const dirty = await uncommittedPaths(git, await filesChangedBy(git, record.commit));
  if (dirty.length === 0) return;
  throw new UserError(
    `Refusing to undo ${task.id}: files its revert would change have uncommitted changes or are untracked: ${dirty.join(', ')}. Nothing was changed.`,
    { hint: 'Commit or stash them first, then run undo again.' },
  );
}
