import { UserError, type StackedOn, type Task } from '@taskpod/core';
import { independentCommits, isAncestor, mergeBranches, readRefs, resolveRevision } from '@taskpod/git';
import { type StepContext, workspaceGit } from './step-context';

/** Where a task's branch starts: the base, or the unmerged work of its `depends_on` tasks. */
export interface StackStart {
  start: string;
  startTree: string;
  /** The upstream branches `start` holds, in `depends_on` order; empty when it is the base. */
  stackedOn: StackedOn[];
}

/**
 * The start of a task's branch (docs/stacked-branches.md): a dependency whose `taskpod/<dep>`
 * branch is not yet merged into the base (its tip is no ancestor of it) is built on; one such
 * branch is the start itself, several are merged without touching the user's checkout. The
 * dependency's tip is its local branch, or `origin/taskpod/<dep>` when that is ahead (a fix pushed
 * after review and fetched). A task without `depends_on` costs no git process here.
 */
export async function resolveStackStart(ctx: StepContext, task: Task, base: { commit: string; tree: string }): Promise<StackStart> {
  const onBase = { start: base.commit, startTree: base.tree, stackedOn: [] };
  if (task.dependsOn.length === 0) return onBase;
  const git = workspaceGit(ctx);
  const refs = await readRefs(
    git,
    task.dependsOn.flatMap((dep) => [`refs/heads/taskpod/${dep}`, `refs/remotes/origin/taskpod/${dep}`]),
  );
  const tips = await Promise.all(task.dependsOn.map((dep) => upstreamTip(ctx, dep, refs)));
  const unmerged = (
    await Promise.all(tips.map(async (tip) => (tip && !(await isAncestor(git, tip.commit, base.commit)) ? tip : null)))
  ).filter((tip): tip is StackedOn => tip !== null);
  // A dependency that another one already contains (2.2 stacked on 2.1) adds nothing to build on.
  const independent = new Set(
    await independentCommits(
      git,
      unmerged.map((u) => u.commit),
    ),
  );
  const stackedOn = unmerged.filter((u) => independent.delete(u.commit));
  if (stackedOn.length === 0) return onBase;
  if (stackedOn.length === 1) {
    const { tree } = await resolveRevision(git, stackedOn[0]!.commit);
    return { start: stackedOn[0]!.commit, startTree: tree, stackedOn };
  }
  const branches = stackedOn.map((s) => s.branch).join(', ');
  const merge = await mergeBranches(
    git,
    stackedOn.map((s) => s.commit),
    `Merge ${branches} for ${task.id}\n\nTask-Id: ${task.id}\n`,
  );
  if (!merge.merged) {
    throw new UserError(
      `Task ${task.id} depends on ${branches}, which conflict with each other in ${merge.conflicts.join(', ')}; there is no start to apply onto. Nothing was changed.`,
      { hint: 'Merge one of them into the base branch first (or resolve the conflict on one branch), then run apply again.' },
    );
  }
  return { start: merge.commit, startTree: merge.tree, stackedOn };
}

/** The upstream work of one dependency: its local branch, or the remote-tracking one when that is ahead. */
async function upstreamTip(ctx: StepContext, dep: string, refs: Map<string, string>): Promise<StackedOn | null> {
  const branch = `taskpod/${dep}`;
  const local = refs.get(`refs/heads/${branch}`);
  const remote = refs.get(`refs/remotes/origin/${branch}`);
  const commit =
    local && remote && local !== remote ? ((await isAncestor(workspaceGit(ctx), local, remote)) ? remote : local) : (local ?? remote);
  return commit ? { task_id: dep, branch, commit } : null;
}
