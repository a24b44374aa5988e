import { HUMAN_FEEDBACK_HEADING, findHumanFeedbackHeading, type PatchFileStat } from '@taskpod/core';
import type { LedgerEntry } from './build-ledger-entry';
import { neutraliseInlineModelText as inline, neutraliseModelText } from './neutralise-model-text';

export { HUMAN_FEEDBACK_HEADING, extractHumanFeedback } from '@taskpod/core';
const marker = (patchFile: string) => `<!-- taskpod:patch ${patchFile} -->`;

/**
 * Pure: one run section: summary, files, PR link; its marker makes a re-log of the patch a no-op.
 * The summary and paths come from the model, so they are neutralised: they can never write a heading.
 */
export function buildFeedbackRunSection(entry: LedgerEntry, files: readonly PatchFileStat[]): string {
  const summary = neutraliseModelText(entry.summary.trim() || '(no summary)')
    .split('\n')
    .map((l) => `> ${l}`.trimEnd())
    .join('\n');
  const fileLines = files.length
    ? files.map(
        (f) => `- \`${inline(f.path)}\` (${f.status}${f.from ? ` from \`${inline(f.from)}\`` : ''}, +${f.insertions} -${f.deletions})`,
      )
    : ['- (no files)'];
  const pr = entry.pr_url
    ? `[#${entry.pr_number ?? ''}](${entry.pr_url})`
    : `none${entry.branch ? ` (branch \`${entry.branch}\`${entry.pushed ? '' : ', not pushed'})` : ''}`;
  return [
    `## Run ${entry.logged_at}`,
    marker(entry.patch_file),
    '',
    `Patch \`${entry.patch_file}\`, commit \`${entry.commit.slice(0, 12)}\` on \`${entry.branch}\`.`,
    '',
    summary,
    '',
    'Files:',
    ...fileLines,
    '',
    `PR: ${pr}`,
    '',
    '',
  ].join('\n');
}

/** The first lines of every feedback file, whoever creates it. */
function feedbackFileHeader(taskId: string): string[] {
  return [
    `# Feedback: ${taskId}`,
    '',
    '`taskpod log` adds a section per run above "Human feedback". Write your notes under that',
    'heading: taskpod never changes them, and the next run of this task reads them.',
    '',
  ];
}

/** Pure: a new feedback file; the human section comes last so run sections can go above it. */
export function buildFeedbackFile(entry: LedgerEntry, files: readonly PatchFileStat[]): string {
  return [...feedbackFileHeader(entry.task_id), buildFeedbackRunSection(entry, files).trimEnd(), '', HUMAN_FEEDBACK_HEADING, ''].join('\n');
}

/**
 * Pure: the file with `text` appended at the end of the "Human feedback" section, under a line
 * saying when the task was reopened (the heading is added when a person removed it). What the
 * prompt reads changes with it, so the next run asks the model again instead of reusing its reply.
 * Nothing already in the file changes: only bytes are appended.
 */
export function addHumanFeedback(existing: string | null, taskId: string, text: string, at: string): string {
  const note = `### Reopened ${at}\n\n${text.trim()}\n`;
  if (existing === null || existing.trim() === '') return [...feedbackFileHeader(taskId), HUMAN_FEEDBACK_HEADING, '', note].join('\n');
  const gap = existing.endsWith('\n\n') ? '' : existing.endsWith('\n') ? '\n' : '\n\n';
  const heading = findHumanFeedbackHeading(existing) ? '' : `${HUMAN_FEEDBACK_HEADING}\n\n`;
  return `${existing}${gap}${heading}${note}`;
}

/**
 * Pure: the file with a run section for `entry` inserted just above the "Human feedback" heading
 * (appended at the end if a person removed it), or null when this patch is already there.
 * Nothing already in the file changes: only bytes are inserted.
 */
export function addFeedbackRun(existing: string | null, entry: LedgerEntry, files: readonly PatchFileStat[]): string | null {
  if (existing === null || existing.trim() === '') return buildFeedbackFile(entry, files);
  if (existing.includes(marker(entry.patch_file))) return null;
  const section = buildFeedbackRunSection(entry, files);
  const heading = findHumanFeedbackHeading(existing);
  if (!heading) return `${existing}${existing.endsWith('\n') ? '\n' : '\n\n'}${section.trimEnd()}\n`;
  return existing.slice(0, heading.start) + section + existing.slice(heading.start);
}
