/**
 * The feedback file's one shared rule: `log` writes run sections above this heading, a person writes
 * below it, and only what a person wrote is sent with the next run of the task.
 */
export const HUMAN_FEEDBACK_HEADING = '## Human feedback';
/**
 * The heading as a whole line. Lines are split at `\n` only (a trailing `\r` is allowed), exactly as
 * the writer splits them: no `m` flag, because JavaScript's `^` and `$` would also match at U+2028,
 * U+2029 and a lone `\r`, letting model text that holds one of them pass for a heading.
 */
const HEADING_LINE = /(?:^|\n)## Human feedback[ \t]*\r?(?=\n|$)/;

/** Where the first heading line starts and ends in `text`, or null when there is none. */
export function findHumanFeedbackHeading(text: string): { start: number; end: number } | null {
  const match = HEADING_LINE.exec(text);
  if (!match) return null;
  const start = match.index + (match[0].startsWith('\n') ? 1 : 0);
  return { start, end: match.index + match[0].length };
}

/** Pure: what a person wrote under "Human feedback" (empty when nothing). */
export function extractHumanFeedback(text: string): string {
  const heading = findHumanFeedbackHeading(text);
  return heading ? text.slice(heading.end).trim() : '';
}
