import type { ApplyRecord, PatchMeta } from '@taskpod/core';
import { writeApplyRecord } from '@taskpod/core/records';
import { type BranchMove, moveBranches, pushBranch, remoteUrl, setBranch } from '@taskpod/git';
import type { Octokit } from '@taskpod/github';
import { pullRequestBaseOf, readStackedPullRequests } from './stack-pull-request';
import { type StepContext, workspaceGit } from './step-context';

export interface PublishWants {
  push: boolean;
  pr: boolean;
  /** A client to use instead of one made from GITHUB_TOKEN / GITHUB_API_URL (tests, embedders). */
  github?: Octokit;
}

/** Whether this record still has something to publish (push, then pull request). */
export async function hasWorkToPublish(ctx: StepContext, record: ApplyRecord, wants: PublishWants): Promise<boolean> {
  if (record.method === 'already-applied') return false;
  if (wants.push && !record.pushed && (await remoteUrl(workspaceGit(ctx), 'origin'))) return true;
  return (
    record.pushed &&
    wants.pr &&
    record.pr_number === null &&
    record.branch !== record.base_branch &&
    (await githubClient(ctx, wants)) !== null
  );
}

/**
 * Pushes the record's branch to origin (when there is one) and opens or updates its pull request
 * (when a token and the repository are known), writing apply.json after each step so a failure
 * leaves an honest record and a re-run resumes where this one stopped. `expectRemote` is our own
 * earlier push of the branch, replaced with a lease.
 */
export async function publish(
  ctx: StepContext,
  record: ApplyRecord,
  meta: PatchMeta,
  wants: PublishWants,
  expectRemote?: string,
): Promise<ApplyRecord> {
  const origin = wants.push || wants.pr ? await remoteUrl(workspaceGit(ctx), 'origin') : null;
  return openPullRequestFor(ctx, await pushRecord(ctx, record, wants, origin, expectRemote), meta, wants, origin);
}

/** What `publish` is called with, kept to publish later (see publishAll). */
export interface PendingPublish {
  ctx: StepContext;
  record: ApplyRecord;
  meta: PatchMeta;
  wants: PublishWants;
  expectRemote?: string;
  /** The branch move its apply left (then apply.json is written), made before the push. */
  move?: BranchMove;
}

/**
 * `publish` for many records of one repository at once (an Nx batch of applies): the branch moves the
 * applies left are made together in one `git update-ref --stdin` (moveBranches), each record written
 * once its branch moved; then every push starts together, so they share one `git push`
 * (pushRefCoalesced), then the pull requests are opened `parallel` at a time. Each record gets its
 * own outcome: the published record, or the error that stopped it; each item's progress goes to its
 * own `ctx.log`.
 */
export async function publishAll(
  items: readonly PendingPublish[],
  parallel: number,
): Promise<({ record: ApplyRecord } | { error: unknown })[]> {
  if (items.length === 0) return [];
  const git = workspaceGit(items[0]!.ctx);
  const moves = items.flatMap((item) => (item.move ? [item.move] : []));
  const [origin, moveErrors] = await Promise.all([remoteUrl(git, 'origin'), moveBranches(git, moves)]);
  const errorOf = new Map(moves.map((move, i) => [move, moveErrors[i]]));
  const moved = await Promise.all(
    items.map(({ ctx, record, move }) => {
      const error = move ? errorOf.get(move) : null;
      if (error) return { error };
      return settle(async () => {
        if (move) await writeApplyRecord(ctx.root, record);
        return record;
      });
    }),
  );
  const pushed = await Promise.all(
    items.map(({ ctx, wants, expectRemote }, i) => {
      const done = moved[i]!;
      return 'record' in done ? settle(() => pushRecord(ctx, done.record, wants, origin, expectRemote)) : done;
    }),
  );
  const outcomes: ({ record: ApplyRecord } | { error: unknown })[] = [...pushed];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      const done = pushed[i]!;
      const { ctx, meta, wants } = items[i]!;
      if ('record' in done) outcomes[i] = await settle(() => openPullRequestFor(ctx, done.record, meta, wants, origin));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, items.length)) }, worker));
  return outcomes;
}

async function settle(fn: () => Promise<ApplyRecord>): Promise<{ record: ApplyRecord } | { error: unknown }> {
  try {
    return { record: await fn() };
  } catch (error) {
    return { error };
  }
}

/** The push half of publish: from the repository itself (no worktree needed), then apply.json. */
async function pushRecord(
  ctx: StepContext,
  record: ApplyRecord,
  wants: PublishWants,
  origin: string | null,
  expectRemote?: string,
): Promise<ApplyRecord> {
  if (record.method === 'already-applied' || !wants.push || record.pushed || !origin) return record;
  const pushed = await pushBranch(workspaceGit(ctx), {
    remote: 'origin',
    commit: record.commit,
    branch: record.branch,
    expectRemote,
    retryAfterRebase: record.mode === 'worktree',
  });
  if (pushed.rebased) {
    await setBranch(workspaceGit(ctx), record.branch, pushed.commit);
    ctx.log(`${record.task_id}: origin/${record.branch} had new commits; rebased onto them.`);
  }
  const current = { ...record, commit: pushed.commit, pushed: true };
  await writeApplyRecord(ctx.root, current);
  ctx.log(`${record.task_id}: pushed ${current.branch} to origin.`);
  return current;
}

/** The pull-request half of publish: only for a pushed task branch without one yet. */
async function openPullRequestFor(
  ctx: StepContext,
  record: ApplyRecord,
  meta: PatchMeta,
  wants: PublishWants,
  origin: string | null,
): Promise<ApplyRecord> {
  if (
    record.method === 'already-applied' ||
    !record.pushed ||
    !wants.pr ||
    record.pr_number !== null ||
    record.branch === record.base_branch
  )
    return record;
  const client = await githubClient(ctx, wants);
  if (!client) return record;
  const { buildPullRequestBody, buildPullRequestTitle, openPullRequest, resolveRepository } = await import('@taskpod/github');
  const repo = resolveRepository(ctx.env, origin);
  if (!repo) {
    ctx.log(`${record.task_id}: no pull request: set GITHUB_REPOSITORY (owner/name); the origin URL does not name a GitHub repository.`);
    return record;
  }
  const pr = await openPullRequest(client, {
    repo,
    head: record.branch,
    base: pullRequestBaseOf(record),
    title: buildPullRequestTitle(meta),
    body: buildPullRequestBody(meta, await readStackedPullRequests(ctx.root, record)),
  });
  const current = { ...record, pr_number: pr.number, pr_url: pr.url };
  await writeApplyRecord(ctx.root, current);
  ctx.log(`${record.task_id}: ${pr.created ? 'opened' : 'updated'} pull request #${pr.number} ${pr.url}`);
  return current;
}

/** The client to use, or null; octokit is loaded only when there is a token (an apply batch without one never needs it). */
async function githubClient(ctx: StepContext, wants: PublishWants): Promise<Octokit | null> {
  if (wants.github) return wants.github;
  if (!ctx.env.GITHUB_TOKEN) return null;
  return (await import('@taskpod/github')).githubClientFromEnv(ctx.env);
}
