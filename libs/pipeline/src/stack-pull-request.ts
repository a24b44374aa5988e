import type { ApplyRecord } from '@taskpod/core';
import { readApplyRecord } from '@taskpod/core/records';
import type { StackedPullRequest } from '@taskpod/github';

/**
 * The branch a task's pull request merges into: the one upstream branch it is stacked on, so the PR
 * shows only its own changes; else (on the base, or on a merge of several) the base branch.
 */
export function pullRequestBaseOf(record: ApplyRecord): string {
  const stackedOn = record.stacked_on ?? [];
  return stackedOn.length === 1 ? stackedOn[0]!.branch : record.base_branch;
}

/** The upstream branches of a stacked record, each with its pull request when its apply.json has one. */
export async function readStackedPullRequests(root: string, record: ApplyRecord): Promise<StackedPullRequest[]> {
  return Promise.all(
    (record.stacked_on ?? []).map(async (s) => {
      // A broken or missing upstream record costs the link, never the pull request.
      const upstream = await readApplyRecord(root, s.task_id).catch(() => null);
      const same = upstream?.branch === s.branch;
      return { task_id: s.task_id, branch: s.branch, pr_number: same ? upstream.pr_number : null, pr_url: same ? upstream.pr_url : null };
    }),
  );
}
