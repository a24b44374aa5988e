import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { UserError, taskPaths, type ApplyRecord, type PatchMeta, type StackedOn, type Task } from '@taskpod/core';
import { readApplyRecord, readLatestPatch, readPatchTreeRecord, readRunRecord, writeApplyRecord } from '@taskpod/core/records';
import {
  addFilesToIndex,
  gitCommonDir,
  advanceCheckout,
  applyPatch3way,
  branchTip,
  checkoutIndex,
  commitTree,
  isAncestor,
  readTrailersSince,
  resolveRevision,
  setBranch,
  uncommittedPaths,
  updateCheckout,
  withCheckoutLock,
  withScratchIndex,
  withTemporaryWorktree,
  writeTree,
  type BranchMove,
  type Scratch,
} from '@taskpod/git';
import type { Octokit } from '@taskpod/github';
import { hasWorkToPublish, publish, type PendingPublish } from './apply-publish';
import { runVerifyCommands } from './apply-verify';
import { holdClaimBeforePush } from './claim-task';
import type { BatchReads } from './batch-reads';
import { refuseForeignCommits } from './restack-guard';
import { resolveStackStart } from './stack-base';
import { type StatusRule, type StepContext, decisionFor, workspaceGit } from './step-context';

export interface ApplyStepOptions extends StatusRule {
  into?: 'worktree' | 'current';
  /** Push to origin when there is one (default true). */
  push?: boolean;
  /** Open or update the pull request when GITHUB_TOKEN and the repository are known (default true). */
  pr?: boolean;
  /** Copy the task's files over when the patch does not apply (default: the `overwrite` option). */
  overwrite?: boolean;
  /** GitHub client to use instead of one made from the environment. */
  github?: Octokit;
  /**
   * Hands the push and pull request to the caller instead of doing them now (the record is returned
   * unpublished): an Nx batch collects them and publishes all at once with publishAll.
   */
  deferPublish?: (pending: PendingPublish) => void;
  /** Reads shared by the applies of one Nx batch (base, branch tips, base index); worktree mode only. */
  batchReads?: BatchReads;
}

interface Target {
  mode: 'worktree' | 'current';
  baseBranch: string;
  /** The branch that receives the commit. */
  branch: string;
  /** The commit the patch is applied onto, and its tree. */
  start: string;
  startTree: string;
  /** The base branch's commit; differs from `start` when the branch is stacked on upstream work. */
  baseCommit: string;
  /** The unmerged dependency branches `start` holds (stack-base.ts); empty on the base. */
  stackedOn: StackedOn[];
}

/** What committing the patch left: the record, and whether it still has a push or pull request to do. */
interface Committed {
  record: ApplyRecord;
  meta: PatchMeta;
  publish: boolean;
  /** Our own earlier push of the branch, replaced with a lease. */
  expectRemote?: string;
  /** The branch move and apply.json write left to publishAll (a batch moves all its branches in one go). */
  move?: BranchMove;
}

/**
 * apply: commit the newest patch on `taskpod/<id>` (built in a throwaway index) or onto the current
 * branch, push, open or update the PR, and record it in apply.json. Null when the task is done.
 */
export async function applyStep(ctx: StepContext, task: Task, options: ApplyStepOptions = {}): Promise<ApplyRecord | null> {
  if (decisionFor(task, 'apply', options) === 'skip-done') {
    ctx.log(`${task.id} is done; apply has nothing to do.`);
    return null;
  }
  const into = options.into ?? 'worktree';
  const wants = { push: options.push !== false, pr: options.pr !== false, github: options.github };
  // Another runner of the fleet may hold the task, when this workspace's run was an Nx cache replay.
  if (into === 'worktree' && wants.push) {
    const run = await readRunRecord(ctx.root, task.id).catch(() => null);
    await holdClaimBeforePush(ctx, task.id, run?.reply_key ?? '', options.batchReads);
  }
  // The user's checkout is changed by one apply at a time, across processes; HEAD is read under the
  // lock, so the next apply builds on the commit of the one before. Publishing needs no lock.
  const commit = () => commitPatch(ctx, task, into, wants, options);
  const done = into === 'current' ? await withCheckoutLock(workspaceGit(ctx), commit) : await commit();
  return done.publish ? publishNowOrLater(ctx, done, wants, options) : done.record;
}

/** Everything of apply but publishing: read, decide, build the commit aside, move the branch, record. */
async function commitPatch(
  ctx: StepContext,
  task: Task,
  into: 'worktree' | 'current',
  wants: PendingPublish['wants'],
  options: ApplyStepOptions,
): Promise<Committed> {
  // Independent reads side by side: each git process costs more than the work it does here.
  const shared = into === 'worktree' ? options.batchReads : undefined;
  const [{ meta, diffPath }, target, previous, tip] = await Promise.all([
    readLatestPatch(ctx.root, task.id),
    resolveTarget(ctx, task, into, shared),
    readApplyRecord(ctx.root, task.id),
    into === 'worktree'
      ? shared
        ? shared.branchTip(`taskpod/${task.id}`)
        : branchTip(workspaceGit(ctx), `taskpod/${task.id}`)
      : Promise.resolve(null),
  ]);
  if (previous && (await stillApplied(ctx, previous, meta, target))) {
    // Same patch, commit still on its branch: only finish what an earlier run could not (push, PR).
    if (!(await hasWorkToPublish(ctx, previous, wants))) {
      ctx.log(`${task.id}: ${meta.patch_file} is already applied on ${previous.branch} (${previous.commit.slice(0, 12)}).`);
      return { record: previous, meta, publish: false };
    }
    return { record: previous, meta, publish: true };
  }
  const ours = previous?.pushed && previous.branch === target.branch ? previous.commit : undefined;
  const base = {
    task_id: task.id,
    patch_file: meta.patch_file,
    mode: target.mode,
    base_branch: target.baseBranch,
    applied_at: ctx.now().toISOString(),
    ...(target.stackedOn.length > 0 ? { stacked_on: target.stackedOn } : {}),
  };
  const takeUp = async (found: Unrecorded): Promise<Committed> => {
    // An earlier apply committed this very patch and was stopped before apply.json: take it up,
    // finishing the checkout update when it was stopped before that too.
    if (found.parent) await updateCheckout(workspaceGit(ctx), found.parent, found.commit);
    const record: ApplyRecord = {
      ...base,
      method: '3way',
      branch: target.branch,
      commit: found.commit,
      pushed: false,
      pr_number: null,
      pr_url: null,
    };
    await writeApplyRecord(ctx.root, record);
    ctx.log(
      `${task.id}: ${target.branch} already has the commit ${found.commit.slice(0, 12)} of ${meta.patch_file} (an apply stopped before recording it); recorded it.`,
    );
    return { record, meta, publish: true, ...(ours ? { expectRemote: ours } : {}) };
  };
  if (target.mode === 'worktree')
    await refuseForeignCommits(ctx, task, { tip, base: target.baseCommit, start: target.start, stackedOn: target.stackedOn, previous });
  const unrecorded = await checkTarget(ctx, task, target, meta, previous, tip);
  if (unrecorded) return takeUp(unrecorded);
  const overwrite = options.overwrite ?? ctx.config.overwrite;
  // Onto the very commit the diff was made against, the tree patch built is the result (see recordedTree).
  const recorded = await recordedTree(ctx, task.id, diffPath, target, shared);
  if (recorded) return finishCommit(recorded, '3way');
  return withScratch(ctx, target.start, shared, async (scratch) => {
    const method = await applyInIndex(ctx, task, meta, diffPath, scratch, target, overwrite);
    return finishCommit(await writeTree(scratch), method, scratch);
  });

  /** From the applied tree on: nothing to commit, verify commands, the commit, the branch, the record. */
  async function finishCommit(tree: string, method: '3way' | 'overwrite', scratch?: Scratch): Promise<Committed> {
    if (tree === target.startTree) {
      const branch = target.mode === 'worktree' ? target.baseBranch : target.branch;
      const record: ApplyRecord = {
        ...base,
        method: 'already-applied',
        branch,
        commit: target.start,
        pushed: false,
        pr_number: null,
        pr_url: null,
      };
      await writeApplyRecord(ctx.root, record);
      ctx.log(`${task.id}: ${branch} already holds every change of ${meta.patch_file}; nothing to commit.`);
      return { record, meta, publish: false };
    }
    if (scratch?.worktree) {
      await checkoutIndex(scratch);
      await runVerifyCommands(ctx.config.verify, scratch.worktree, ctx.env, ctx.config.shell.timeoutMs);
    }
    const message = {
      subject: `${task.id}: ${meta.summary.trim() || task.description.trim()}`,
      trailers: { 'Task-Id': task.id, Pod: task.pod ?? 'none', Patch: meta.patch_file },
    };
    const id = await (shared ? shared.commitTree(tree, target.start, message) : commitTree(scratch!, tree, target.start, message));
    const record: ApplyRecord = { ...base, method, branch: target.branch, commit: id, pushed: false, pr_number: null, pr_url: null };
    const stacked = target.stackedOn.length > 0 ? `, stacked on ${target.stackedOn.map((s) => s.branch).join(' + ')}` : '';
    const line = `${task.id}: committed ${id.slice(0, 12)} on ${target.branch} (${method}${stacked}).`;
    const committed = { record, meta, publish: true, ...(ours ? { expectRemote: ours } : {}) };
    // A batch moves every branch in one `update-ref --stdin` (a compare-and-swap from the tip it read),
    // then writes each apply.json: the branch still moves before its record, as here.
    if (target.mode === 'worktree' && shared && options.deferPublish) {
      ctx.log(line);
      return { ...committed, move: { branch: target.branch, commit: id, from: tip } };
    }
    if (target.mode === 'worktree') await setBranch(workspaceGit(ctx), target.branch, id);
    else await advanceCheckout(workspaceGit(ctx), target.start, id);
    await writeApplyRecord(ctx.root, record);
    ctx.log(line);
    return committed;
  }
}

/**
 * The tree the batch's patch step built for this very diff (by SHA-256) on this very commit, when
 * that is where the branch starts and nothing needs the files on disk (no verify commands): then
 * it is exactly what `git apply` and `git write-tree` would give, without either process. Null, and
 * git applies the diff, whenever anything differs: another base, an edited diff, no record (kept
 * only in the git folder, see PatchTreeRecord), or a tree this repository does not have.
 */
async function recordedTree(
  ctx: StepContext,
  id: string,
  diffPath: string,
  target: Target,
  shared: BatchReads | undefined,
): Promise<string | null> {
  if (!shared || target.mode !== 'worktree' || ctx.config.verify.length > 0) return null;
  const gitDir = await gitCommonDir(workspaceGit(ctx));
  const record = gitDir ? await readPatchTreeRecord(gitDir, id).catch(() => null) : null;
  if (!record || record.base_commit !== target.start) return null;
  const diff = await readFile(diffPath);
  if (createHash('sha256').update(diff).digest('hex') !== record.diff_sha256) return null;
  return (await shared.trees().hasTree(record.tree)) ? record.tree : null;
}

function publishNowOrLater(
  ctx: StepContext,
  { record, meta, expectRemote, move }: Committed,
  wants: PendingPublish['wants'],
  options: ApplyStepOptions,
): Promise<ApplyRecord> | ApplyRecord {
  if (!options.deferPublish) return publish(ctx, record, meta, wants, expectRemote);
  options.deferPublish({ ctx, record, meta, wants, ...(expectRemote ? { expectRemote } : {}), ...(move ? { move } : {}) });
  return record;
}

/** Whether apply.json records this very patch, in this mode, with its commit still on its branch. */
async function stillApplied(ctx: StepContext, previous: ApplyRecord, meta: PatchMeta, target: Target): Promise<boolean> {
  if (previous.patch_file !== meta.patch_file || previous.mode !== target.mode) return false;
  const expectedBranch = previous.method === 'already-applied' && target.mode === 'worktree' ? target.baseBranch : target.branch;
  if (previous.branch !== expectedBranch) return false;
  // A stacked branch whose upstream moved or merged is rebuilt on the new start (a restack).
  const stacked = target.stackedOn.length > 0 || (previous.stacked_on?.length ?? 0) > 0;
  const [onBranch, onStart] = await Promise.all([
    isAncestor(workspaceGit(ctx), previous.commit, previous.branch),
    stacked ? isAncestor(workspaceGit(ctx), target.start, previous.commit) : true,
  ]);
  return onBranch && onStart;
}

/** The branch the commit lands on and the commit the patch is applied onto (one rev-parse). */
async function resolveTarget(ctx: StepContext, task: Task, mode: 'worktree' | 'current', shared?: BatchReads): Promise<Target> {
  const configured = mode === 'worktree' ? ctx.config.baseBranch : undefined;
  const rev = configured ?? 'HEAD';
  const { commit: start, tree: startTree, branch } = await (shared ? shared.revision(rev) : resolveRevision(workspaceGit(ctx), rev));
  if (mode === 'current') {
    if (!branch)
      throw new UserError(`\`apply --into current\` for ${task.id} needs a checked-out branch; HEAD is detached.`, {
        hint: 'Check out a branch first.',
      });
    return { mode, baseBranch: ctx.config.baseBranch ?? branch, branch, start, startTree, baseCommit: start, stackedOn: [] };
  }
  const baseBranch = configured ?? branch;
  if (!baseBranch) {
    throw new UserError(`apply for ${task.id} needs a base branch, but HEAD is detached and no \`baseBranch\` is configured.`, {
      hint: 'Check out a branch, or set `baseBranch` in the taskpod plugin options in nx.json.',
    });
  }
  const stack = await resolveStackStart(ctx, task, { commit: start, tree: startTree });
  return { mode, baseBranch, branch: `taskpod/${task.id}`, ...stack, baseCommit: start };
}

/** A commit of this patch that no apply.json records; `parent` when the checkout may still be there. */
interface Unrecorded {
  commit: string;
  parent?: string;
}

/**
 * The commit an earlier apply of this very patch made and did not record (killed between moving the
 * branch and writing apply.json), or null. It is ours when every commit the branch has beyond the
 * base carries `Task-Id: <id>` and the newest also `Patch: <this patch>`; `--into current` looks at
 * HEAD alone. Anything else on the branch is someone else's work.
 */
async function findUnrecordedCommit(
  ctx: StepContext,
  task: Task,
  target: Target,
  meta: PatchMeta,
  tip: string | null,
): Promise<Unrecorded | null> {
  const commits =
    target.mode === 'current'
      ? await readTrailersSince(workspaceGit(ctx), `${target.start}~1`, target.start).catch(() => [])
      : tip === null
        ? []
        : await readTrailersSince(workspaceGit(ctx), target.start, tip);
  if (commits.length === 0 || commits.some((c) => c.trailers['Task-Id'] !== task.id) || commits[0]!.trailers.Patch !== meta.patch_file)
    return null;
  return target.mode === 'current' ? { commit: target.start, parent: `${target.start}~1` } : { commit: commits[0]!.commit };
}

/**
 * Refuses before anything changes: `--into current` when a file the patch touches has uncommitted
 * changes, and a worktree apply when `taskpod/<id>` (its `tip`) holds commits taskpod did not make;
 * unless what is there is this patch's own unrecorded commit (then returned, to be taken up).
 */
async function checkTarget(
  ctx: StepContext,
  task: Task,
  target: Target,
  meta: PatchMeta,
  previous: ApplyRecord | null,
  tip: string | null,
): Promise<Unrecorded | null> {
  if (target.mode === 'current') {
    // HEAD itself may be the commit (the patch would then no longer apply to it).
    const touched = meta.files.flatMap((f) => (f.from ? [f.path, f.from] : [f.path]));
    const [own, dirty] = await Promise.all([
      findUnrecordedCommit(ctx, task, target, meta, tip),
      uncommittedPaths(workspaceGit(ctx), touched),
    ]);
    if (own) return own;
    if (dirty.length === 0) return null;
    throw new UserError(
      `Refusing to apply ${task.id} onto ${target.branch}: files it would change have uncommitted changes or are untracked: ${dirty.join(', ')}.`,
      {
        hint: 'Commit or stash them first, or apply without `--into current` (a branch of its own).',
      },
    );
  }
  if (tip === null || tip === previous?.commit || (await isAncestor(workspaceGit(ctx), tip, target.start))) return null;
  const own = await findUnrecordedCommit(ctx, task, target, meta, tip);
  if (own) return own;
  throw new UserError(
    `Branch ${target.branch} already exists at ${tip.slice(0, 12)} with commits taskpod did not record for ${task.id}; applying would discard them.`,
    {
      hint: `Merge or keep them elsewhere, then delete the branch (\`git branch -D ${target.branch}\`) and apply again.`,
    },
  );
}

/**
 * Where the commit is built: verify commands need the files on disk, so only then a temporary
 * worktree; otherwise a throwaway index is enough (two git processes fewer per apply, and in an Nx
 * batch every git process is a fork of the whole batch process).
 */
async function withScratch<T>(
  ctx: StepContext,
  start: string,
  shared: BatchReads | undefined,
  fn: (scratch: Scratch) => Promise<T>,
): Promise<T> {
  if (ctx.config.verify.length === 0)
    return withScratchIndex(workspaceGit(ctx), start, fn, shared ? await shared.indexFile(start) : undefined);
  return withTemporaryWorktree(workspaceGit(ctx), start, (worktree) => fn({ ...worktree, worktree: worktree.cwd }));
}

/** `git apply --3way` into the scratch index; on conflicts, overwrite when allowed, else fail naming them. */
async function applyInIndex(
  ctx: StepContext,
  task: Task,
  meta: PatchMeta,
  diffPath: string,
  scratch: Scratch,
  target: Target,
  overwrite: boolean,
): Promise<'3way' | 'overwrite'> {
  const outcome = await applyPatch3way(scratch, diffPath, { resetTo: target.start });
  if (outcome.applied) return '3way';
  const onto = `${target.mode === 'worktree' ? target.baseBranch : target.branch} (${target.start.slice(0, 12)})`;
  const conflicts = outcome.conflicts.join(', ') || 'unknown files';
  if (!overwrite) {
    throw new UserError(
      `The patch ${meta.patch_file} of ${task.id} does not apply to ${onto}: conflicts in ${conflicts}. Nothing was changed.`,
      {
        hint: `Run \`taskpod apply ${task.id} --overwrite\` to take the task's files as they are, or resolve by hand and use \`taskpod patch ${task.id} --staged\`.`,
      },
    );
  }
  if (meta.source !== 'run') {
    throw new UserError(
      `The patch ${meta.patch_file} of ${task.id} does not apply to ${onto} (conflicts in ${conflicts}), and overwrite needs a run's files; this patch came from staged changes. Nothing was changed.`,
    );
  }
  const files = meta.files.filter((f) => f.status !== 'deleted').map((f) => f.path);
  await addFilesToIndex(scratch, path.join(ctx.root, taskPaths(task.id).files), files);
  ctx.log(`${task.id}: the patch conflicted in ${conflicts}; took the task's files as they are (overwrite).`);
  return 'overwrite';
}
