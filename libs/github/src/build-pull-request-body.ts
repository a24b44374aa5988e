import type { PatchMeta } from '@taskpod/core';

/** GitHub refuses a longer title with a 422 (in characters, so counted in code points here). */
export const MAX_TITLE_LENGTH = 256;

/** The pull request title: names the task id first, so it is found by id; cut to GitHub's limit. */
export function buildPullRequestTitle(meta: PatchMeta): string {
  const summary = meta.summary.split('\n')[0]!.trim();
  const title = [...(summary ? `${meta.task_id}: ${summary}` : meta.task_id)];
  return title.length <= MAX_TITLE_LENGTH
    ? title.join('')
    : `${title
        .slice(0, MAX_TITLE_LENGTH - 1)
        .join('')
        .trimEnd()}…`;
}

/** An upstream branch a stacked pull request builds on, with its own pull request when known. */
export interface StackedPullRequest {
  task_id: string;
  branch: string;
  pr_number?: number | null;
  pr_url?: string | null;
}

/** Markdown body: the summary, what it is stacked on, a diffstat table and the patch's metadata. */
export function buildPullRequestBody(meta: PatchMeta, stackedOn: readonly StackedPullRequest[] = []): string {
  const rows = meta.files.map(
    (f) => `| \`${f.from ? `${f.from} → ${f.path}` : f.path}\` | ${f.status} | +${f.insertions} | -${f.deletions} |`,
  );
  const t = meta.totals;
  return [
    `## ${meta.task_id}`,
    '',
    meta.summary.trim() || '_No summary._',
    '',
    ...buildStackSection(stackedOn),
    `### Changes (${t.files} file${t.files === 1 ? '' : 's'}, +${t.insertions} -${t.deletions})`,
    '',
    '| file | status | + | - |',
    '|---|---|---|---|',
    ...rows,
    '',
    '### Patch',
    '',
    `- task: \`${meta.task_id}\``,
    `- pod: ${meta.pod ?? 'none'}`,
    `- phase: ${meta.phase ?? 'none'}`,
    `- base commit: \`${meta.base_commit}\``,
    `- patch: \`.patches/${meta.patch_file}\` (${meta.source})`,
    `- model: ${meta.model ?? 'none'}, tokens ${meta.tokens_in} in / ${meta.tokens_out} out, cost ${meta.cost_usd === null ? 'unknown' : `$${meta.cost_usd.toFixed(4)}`}`,
    `- created: ${meta.timestamp}`,
    '',
    '_Opened by taskpod._',
    '',
  ].join('\n');
}

/** Says which branches and pull requests this one builds on, and that they merge first. */
function buildStackSection(stackedOn: readonly StackedPullRequest[]): string[] {
  if (stackedOn.length === 0) return [];
  const lines = stackedOn.map(
    (s) => `- \`${s.branch}\` (task ${s.task_id})${s.pr_number ? `: #${s.pr_number}${s.pr_url ? ` ${s.pr_url}` : ''}` : ''}`,
  );
  const only = stackedOn.length === 1;
  return [
    '### Stacked on',
    '',
    ...lines,
    '',
    only
      ? 'This pull request targets the branch above and shows only its own changes; merge that one first, then run `taskpod apply` again to move this one onto the base branch.'
      : 'This branch starts from a merge of the branches above, which merge first; run `taskpod apply` again after they merge to rebase it.',
    '',
  ];
}
