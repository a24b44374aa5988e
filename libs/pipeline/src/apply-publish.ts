import { type ApplyRecord, type PatchMeta } from '@taskpod/core';
import { pushBranch, remoteUrl, setBranch, withTemporaryWorktree } from '@taskpod/git';
import {
  buildPullRequestBody, buildPullRequestTitle, createGitHubClient, githubClientOptionsFromEnv, openPullRequest, resolveRepository,
  type Octokit,
} from '@taskpod/github';
import type { StepContext } from './step-context';
import { writeApplyRecord } from './patch-records';

export interface PublishWants {
  push: boolean;
  pr: boolean;
  /** A client to use instead of one made from GITHUB_TOKEN / GITHUB_API_URL (tests, embedders). */
  github?: Octokit;
}

/** Whether this record still has something to publish (push, then pull request). */
export async function hasWorkToPublish(ctx: StepContext, record: ApplyRecord, wants: PublishWants): Promise<boolean> {
  if (record.method === 'already-applied') return false;
  if (wants.push && !record.pushed && (await remoteUrl(ctx.root, 'origin'))) return true;
  return record.pushed && wants.pr && record.pr_number === null && record.branch !== record.base_branch && githubClient(ctx, wants) !== null;
}

/**
 * Pushes the record's branch to origin (when there is one) and opens or updates its pull request
 * (when a token and the repository are known), writing apply.json after each step so a failure
 * leaves an honest record and a re-run resumes where this one stopped.
 */
export async function publish(ctx: StepContext, record: ApplyRecord, meta: PatchMeta, wants: PublishWants, worktree?: string, expectRemote?: string): Promise<ApplyRecord> {
  let current = record;
  if (current.method === 'already-applied') return current;
  const origin = wants.push || wants.pr ? await remoteUrl(ctx.root, 'origin') : null;
  if (wants.push && !current.pushed && origin) {
    const push = async (wt: string) =>
      pushBranch(wt, { remote: 'origin', commit: current.commit, branch: current.branch, expectRemote, retryAfterRebase: current.mode === 'worktree', repo: ctx.root });
    const pushed = worktree ? await push(worktree) : await withTemporaryWorktree(ctx.root, current.commit, push);
    if (pushed.rebased) {
      await setBranch(ctx.root, current.branch, pushed.commit);
      ctx.log(`${record.task_id}: origin/${current.branch} had new commits; rebased onto them.`);
    }
    current = { ...current, commit: pushed.commit, pushed: true };
    await writeApplyRecord(ctx.root, current);
    ctx.log(`${record.task_id}: pushed ${current.branch} to origin.`);
  }
  if (!current.pushed || !wants.pr || current.pr_number !== null || current.branch === current.base_branch) return current;
  const client = githubClient(ctx, wants);
  if (!client) return current;
  const repo = resolveRepository(ctx.env, origin);
  if (!repo) {
    ctx.log(`${record.task_id}: no pull request: set GITHUB_REPOSITORY (owner/name); the origin URL does not name a GitHub repository.`);
    return current;
  }
  const pr = await openPullRequest(client, {
    repo,
    head: current.branch,
    base: current.base_branch,
    title: buildPullRequestTitle(meta),
    body: buildPullRequestBody(meta),
  });
  current = { ...current, pr_number: pr.number, pr_url: pr.url };
  await writeApplyRecord(ctx.root, current);
  ctx.log(`${record.task_id}: ${pr.created ? 'opened' : 'updated'} pull request #${pr.number} ${pr.url}`);
  return current;
}

function githubClient(ctx: StepContext, wants: PublishWants): Octokit | null {
  if (wants.github) return wants.github;
  const options = githubClientOptionsFromEnv(ctx.env);
  return options ? createGitHubClient(options) : null;
}
