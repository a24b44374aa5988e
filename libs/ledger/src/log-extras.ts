import { LOGS_DIR } from '@taskpod/core';
import type { LedgerEntry } from './build-ledger-entry';

/** The framework's reasoning trace and handoff notes, one file per task, a section per logged patch. */
export const extraFiles = (id: string) => ({ reasoning: `${LOGS_DIR}/reasoning/${id}.md`, handoff: `${LOGS_DIR}/handoff/${id}.md` });

const TITLES = { reasoning: 'Reasoning', handoff: 'Handoff' } as const;

/**
 * Pure: the file with a section for this patch's text added (title first when new), or null when the
 * section is already there or there is no text, so logging a patch twice adds nothing.
 */
export function addExtraSection(
  existing: string | null,
  kind: keyof typeof TITLES,
  entry: Pick<LedgerEntry, 'task_id' | 'logged_at' | 'patch_file'>,
  text: string | undefined,
): string | null {
  if (text === undefined || text.trim() === '') return null;
  const heading = `## ${entry.logged_at} (${entry.patch_file})`;
  const base = existing ?? `# ${TITLES[kind]}: ${entry.task_id}\n`;
  if (base.split('\n').some((line) => line.endsWith(`(${entry.patch_file})`) && line.startsWith('## '))) return null;
  return `${base.endsWith('\n') ? base : `${base}\n`}\n${heading}\n\n${text.trim()}\n`;
}
