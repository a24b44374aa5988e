import { UserError, type ApplyRecord, type Task } from '@taskpod/core';
import { readApplyRecord, readUndoRecord, type UndoRecord } from '@taskpod/core/records';
import {
  branchTip,
  buildRevertCommit,
  commitSubject,
  commitsAbove,
  fetchCommitOf,
  findRevertOf,
  isAncestor,
  remoteBranchTip,
  remoteUrl,
  resolveRevision,
} from '@taskpod/git';
import {
  findOpenPullRequest,
  githubClientFromEnv,
  readPullRequest,
  resolveRepository,
  type Octokit,
  type PullRequestState,
} from '@taskpod/github';
import { isPatchEntry, readLedger, type LedgerEntry } from '@taskpod/ledger';
import { type StepContext, workspaceGit } from './step-context';
import { checkCurrentRevert, type CurrentRevert } from './undo-revert-current';
import { refuseStackedPullRequests } from './undo-stacked-pulls';

export interface UndoOptions {
  /** GitHub client to use instead of one made from GITHUB_TOKEN / GITHUB_API_URL. */
  github?: Octokit;
  /** Tasks whose commits may sit on this task's branch besides its own (its depends_on, stacked). */
  upstream?: readonly string[];
  /** Pull requests the same undo closes before this task's (a cascade's dependents): they may target its branch. */
  closedFirst?: ReadonlySet<number>;
}

/** A branch to delete where it was seen, so one that moved meanwhile is never deleted. */
interface SeenBranch {
  name: string;
  tip: string;
}

/** A revert pull request for work a merged pull request already put on the base branch. */
export interface RevertPullRequest {
  base: string;
  /** The revert commit, built on the base branch's tip on origin (no ref moved yet). */
  commit: string;
  branch: string;
  /** Where `branch` is on origin now (null: absent), the lease of its push. */
  remoteTip: string | null;
  title: string;
}

/** What `taskpod undo` will do for one task, worked out without changing anything. */
export interface UndoPlan {
  task: Task;
  record: ApplyRecord | null;
  previous: UndoRecord | null;
  live: LedgerEntry[];
  local: SeenBranch | null;
  remote: SeenBranch | null;
  pr: PullRequestState | null;
  github: { client: Octokit; repo: { owner: string; name: string } } | null;
  revertPr: RevertPullRequest | null;
  current: CurrentRevert | null;
  /** One line per change, for the confirmation and the output. */
  actions: string[];
  /** Set when there is nothing to undo: why, in words. */
  nothing: string | null;
}

/**
 * Works out an undo and refuses, before anything is changed, what it must not do: delete a branch
 * that holds a commit taskpod did not make or that an open pull request targets, revert onto
 * uncommitted changes, or leave merged work in place without a way back. Reads git, origin and GitHub; writes nothing.
 */
export async function planUndo(ctx: StepContext, task: Task, options: UndoOptions = {}): Promise<UndoPlan> {
  const git = workspaceGit(ctx);
  const name = `taskpod/${task.id}`;
  const [record, previous, ledger, localTip, origin, head] = await Promise.all([
    readApplyRecord(ctx.root, task.id),
    readUndoRecord(ctx.root, task.id),
    readLedger(ctx.root),
    branchTip(git, name),
    remoteUrl(git, 'origin'),
    resolveRevision(git, 'HEAD').catch(() => null),
  ]);
  const remoteTip = origin ? await remoteBranchTip(git, 'origin', name) : null;
  if (remoteTip) await fetchCommitOf(git, 'origin', name, remoteTip);
  const base = record?.base_branch ?? ctx.config.baseBranch ?? head?.branch ?? 'main';
  const allowed = new Set([task.id, ...(options.upstream ?? [])]);
  for (const [where, tip] of [
    ['', localTip],
    ['on origin ', remoteTip],
  ] as const) {
    if (tip) await refuseForeignCommits(ctx, task, `${name} ${where}`.trim(), tip, base, allowed);
  }
  const client = options.github ?? githubClientFromEnv(ctx.env);
  const repo = resolveRepository(ctx.env, origin);
  const github = client && repo ? { client, repo } : null;
  const pr = await findPullRequest(task, record, github, name, Boolean(localTip || remoteTip));
  // After a merge GitHub retargets the pull requests stacked on a deleted branch; before one it closes them.
  if (remoteTip && github && pr?.state !== 'merged') await refuseStackedPullRequests(task, github, options.closedFirst ?? new Set());
  const live = ledger.filter(isPatchEntry).filter((e) => e.task_id === task.id && !e.undone_at);
  const current = record?.mode === 'current' ? await checkCurrentRevert(ctx, task, record) : null;
  if (record?.mode === 'worktree' && pr?.state !== 'merged') await refuseMergedOutsidePr(ctx, task, record);
  const revertPr = pr?.state === 'merged' && record ? await planRevertPullRequest(ctx, task, record, pr) : null;
  const plan: UndoPlan = {
    task,
    record,
    previous,
    live,
    local: localTip ? { name, tip: localTip } : null,
    remote: remoteTip ? { name, tip: remoteTip } : null,
    pr,
    github,
    revertPr,
    current,
    actions: [],
    nothing: null,
  };
  plan.actions = describeActions(plan);
  if (!record && !plan.local && !plan.remote && pr?.state !== 'open' && live.length === 0) plan.nothing = nothingToUndo(task, previous);
  return plan;
}

/** The task's pull request: apply.json's, else an open one for its branch (an apply stopped before recording it). */
async function findPullRequest(
  task: Task,
  record: ApplyRecord | null,
  github: UndoPlan['github'],
  branch: string,
  branchExists: boolean,
): Promise<PullRequestState | null> {
  if (!github) {
    if (record?.pr_number == null) return null;
    throw new UserError(`Cannot undo ${task.id}: its pull request #${record.pr_number} must be closed, and GITHUB_TOKEN is not set.`, {
      hint: 'Set GITHUB_TOKEN (and GITHUB_REPOSITORY when the origin URL does not name the repository), then run undo again.',
    });
  }
  const number = record?.pr_number ?? (branchExists ? await findOpenPullRequest(github.client, github.repo, branch) : null);
  return number == null ? null : readPullRequest(github.client, github.repo, number);
}

/** Refuses to delete a branch holding a commit without `Task-Id: <id>` (or an upstream task's id). */
async function refuseForeignCommits(
  ctx: StepContext,
  task: Task,
  where: string,
  tip: string,
  base: string,
  allowed: ReadonlySet<string>,
): Promise<void> {
  const commits = await commitsAbove(workspaceGit(ctx), tip, [base, `refs/remotes/origin/${base}`]);
  const foreign = commits.find((c) => !allowed.has(c.trailers['Task-Id'] ?? ''));
  if (!foreign) return;
  const trailer = foreign.trailers['Task-Id'] ? `Task-Id: ${foreign.trailers['Task-Id']}` : 'no Task-Id trailer';
  throw new UserError(
    `Refusing to undo ${task.id}: ${where} holds commit ${foreign.commit.slice(0, 12)} "${foreign.subject}" (${trailer}), which taskpod did not make for ${task.id}; deleting the branch would lose it. Nothing was changed.`,
    {
      hint: `Keep that commit elsewhere (\`git branch keep-${task.id} ${foreign.commit.slice(0, 12)}\`), then delete the branch yourself (\`git branch -D taskpod/${task.id}\`, \`git push origin --delete taskpod/${task.id}\`) and run undo again.`,
    },
  );
}

/** A branch apply merged into the base outside a pull request: say how to revert it, unless someone did. */
async function refuseMergedOutsidePr(ctx: StepContext, task: Task, record: ApplyRecord): Promise<void> {
  const git = workspaceGit(ctx);
  if (record.method === 'already-applied' || !(await isAncestor(git, record.commit, record.base_branch))) return;
  if (await findRevertOf(git, record.commit, record.base_branch)) return;
  const short = record.commit.slice(0, 12);
  throw new UserError(
    `Cannot undo ${task.id} by itself: its commit ${short} is already merged into ${record.base_branch}, and taskpod reverts your own branches only for an \`--into current\` apply. Nothing was changed.`,
    {
      hint: `Revert it on ${record.base_branch} (\`git switch ${record.base_branch} && git revert ${short}\`, or \`git revert -m 1 <merge commit>\` for a merge), then run \`taskpod undo ${task.id}\` again: it finds that revert and takes back the rest.`,
    },
  );
}

/** The revert commit of a merged pull request's work, built on origin's base branch, refused when it conflicts. */
async function planRevertPullRequest(ctx: StepContext, task: Task, record: ApplyRecord, pr: PullRequestState): Promise<RevertPullRequest> {
  const git = workspaceGit(ctx);
  const tip = await remoteBranchTip(git, 'origin', pr.base);
  if (!tip)
    throw new UserError(`Cannot undo ${task.id}: pull request #${pr.number} was merged into ${pr.base}, which origin no longer has.`);
  await fetchCommitOf(git, 'origin', pr.base, tip);
  const subject = await commitSubject(git, record.commit);
  const branch = `taskpod-undo/${task.id}`;
  const title = `Revert ${task.id}: ${subject.replace(new RegExp(`^${task.id.replace(/[.]/g, '\\.')}: `), '')}`;
  const built = await buildRevertCommit(git, record.commit, tip, { subject: `Revert "${subject}"`, trailers: { 'Task-Id': task.id } });
  if ('conflicts' in built) {
    throw new UserError(
      `Cannot undo ${task.id}: pull request #${pr.number} was merged into ${pr.base}, and reverting its commit ${record.commit.slice(0, 12)} there conflicts in ${built.conflicts.join(', ')}. Nothing was changed.`,
      { hint: `Revert it by hand on ${pr.base} (GitHub's Revert button on ${pr.url}, or \`git revert\`), then run undo again.` },
    );
  }
  if ('empty' in built) {
    throw new UserError(
      `Cannot undo ${task.id}: pull request #${pr.number} was merged into ${pr.base}, whose tip no longer holds any of its changes (reverted already?). Nothing was changed.`,
      { hint: `Check ${pr.base}; when its work is gone, delete .patches/${task.id}/apply.json and run undo again.` },
    );
  }
  return { base: pr.base, commit: built.commit, branch, remoteTip: await remoteBranchTip(git, 'origin', branch), title };
}

function describeActions(plan: UndoPlan): string[] {
  const { task, pr, record } = plan;
  const lines: string[] = [];
  if (pr?.state === 'open') lines.push(`close pull request #${pr.number} (${pr.url}) with a comment`);
  if (pr?.state === 'merged' && plan.revertPr)
    lines.push(`open a pull request reverting merged #${pr.number} on ${plan.revertPr.base} (branch ${plan.revertPr.branch})`);
  if (plan.remote) lines.push(`delete ${plan.remote.name} on origin (at ${plan.remote.tip.slice(0, 12)})`);
  if (plan.local) lines.push(`delete ${plan.local.name} here (at ${plan.local.tip.slice(0, 12)})`);
  if (plan.current?.action === 'revert')
    lines.push(`revert ${plan.current.commit.slice(0, 12)} on ${plan.current.branch} with a new commit (git revert; nothing is reset)`);
  if (plan.current && plan.current.action !== 'revert') lines.push(plan.current.note);
  if (plan.live.length > 0)
    lines.push(
      `mark ${plan.live.length} logged patch${plan.live.length === 1 ? '' : 'es'} undone: metrics stop counting ${task.id} as done, its spend stays counted`,
    );
  if (task.status !== 'ready') lines.push(`set the status ${task.status} -> ready`);
  if (record) lines.push(`remove .patches/${task.id}/apply.json; the patch, run record and reply store stay, so a rerun asks no model`);
  return lines;
}

function nothingToUndo(task: Task, previous: UndoRecord | null): string {
  if (previous) return `${task.id} was already undone at ${previous.undone_at}; nothing to undo.`;
  return `${task.id} was never applied: no apply record, no taskpod/${task.id} branch, no pull request, nothing logged; nothing to undo.`;
}
