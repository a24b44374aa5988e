import { UserError } from './errors';
import { TASK_STATUSES, type TaskStatus } from './types';

/** The original framework's status words (docs/file-formats.md, "The framework's files"), by what taskpod reads. */
export const FRAMEWORK_STATUS_ALIASES: Readonly<Record<string, TaskStatus>> = {
  planned: 'backlog',
  todo: 'backlog',
  'up next': 'backlog',
  unassigned: 'backlog',
  'in progress': 'in_progress',
  'in-progress': 'in_progress',
  doing: 'in_progress',
  completed: 'done',
  complete: 'done',
  closed: 'done',
  'in review': 'review',
  canceled: 'cancelled',
};

/** `statusAliases` of the plugin options: more words, each naming a taskpod status. */
export type StatusAliases = Readonly<Record<string, string>>;

/** A word as the framework's tools may write it: any case, spaces collapsed. */
function wordKey(word: string): string {
  return word.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * The taskpod status a written word means: a taskpod status (any case), a `statusAliases` word, or
 * one of the framework's words; undefined for an unknown word.
 */
export function resolveStatusWord(word: string, aliases: StatusAliases = {}): TaskStatus | undefined {
  const key = wordKey(word);
  if ((TASK_STATUSES as readonly string[]).includes(key)) return key as TaskStatus;
  for (const [alias, status] of Object.entries(aliases)) if (wordKey(alias) === key) return status as TaskStatus;
  return FRAMEWORK_STATUS_ALIASES[key];
}

/** Every word a status may be written as, for the message of an unknown one. */
export function knownStatusWords(aliases: StatusAliases = {}): string[] {
  return [...new Set([...TASK_STATUSES, ...Object.keys(FRAMEWORK_STATUS_ALIASES), ...Object.keys(aliases)])];
}

/** Rejects a `statusAliases` entry that names no taskpod status, once, where the options are read. */
export function checkStatusAliases(aliases: unknown): StatusAliases {
  if (aliases === undefined || aliases === null) return {};
  if (typeof aliases !== 'object' || Array.isArray(aliases)) {
    throw new UserError('nx.json: the `statusAliases` option must be a map of words to taskpod statuses.', {
      received: JSON.stringify(aliases),
    });
  }
  for (const [word, status] of Object.entries(aliases as Record<string, unknown>)) {
    if (!(TASK_STATUSES as readonly unknown[]).includes(status)) {
      throw new UserError(`nx.json: \`statusAliases.${word}\` must name a taskpod status.`, {
        expected: `one of ${TASK_STATUSES.join(', ')}`,
        received: JSON.stringify(status),
      });
    }
  }
  return aliases as StatusAliases;
}
