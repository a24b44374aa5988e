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

/** Markdown body: the summary, a diffstat table and the patch's metadata. */
export function buildPullRequestBody(meta: PatchMeta): string {
  const rows = meta.files.map(
    (f) => `| \`${f.from ? `${f.from} → ${f.path}` : f.path}\` | ${f.status} | +${f.insertions} | -${f.deletions} |`,
  );
  const t = meta.totals;
  return [
    `## ${meta.task_id}`,
    '',
    meta.summary.trim() || '_No summary._',
    '',
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
