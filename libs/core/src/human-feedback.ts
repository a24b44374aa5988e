/**
 * The feedback file's one shared rule: `log` writes run sections above this heading, a person writes
 * below it, and only what a person wrote is sent with the next run of the task.
 */
export const HUMAN_FEEDBACK_HEADING = '## Human feedback';
export const HUMAN_FEEDBACK_HEADING_LINE = /^## Human feedback[ \t]*\r?$/m;

/** Pure: what a person wrote under "Human feedback" (empty when nothing). */
export function extractHumanFeedback(text: string): string {
  const heading = HUMAN_FEEDBACK_HEADING_LINE.exec(text);
  if (!heading) return '';
  return text.slice(heading.index + heading[0].length).trim();
}
