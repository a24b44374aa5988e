import { TASK_STATUSES, UsageError, didYouMean, knownStatusWords, resolveStatusWord, type TaskStatus } from '@taskpod/core';
import { writeTaskStatuses } from '@taskpod/ledger';
import type { Command } from '../command';
import { findTasks } from '../lifecycle/find-tasks';
import { loadCliWorkspace } from '../load-cli-workspace';

const HELP = `Usage: taskpod set-status <id...> <status> [--json]

Sets the status of each task in its task file, with updated_at, changing only those lines
(comments and formatting kept), under the lock \`taskpod log\` writes under. Every id is checked
before anything is written. STATUS is one of ${TASK_STATUSES.join(', ')};
the framework's words (completed, in progress, ...) and the workspace's statusAliases are taken too,
and written as taskpod's word. A file that tracks state with the framework's done:/ready: flags keeps
them for done, ready and backlog; another status is added as \`status\` with the flags cleared.

Options:
  --json      JSON for scripts: an array of { id, file, from, to, changed }
  -h, --help  show this help`;

export const setStatusCommand: Command = {
  name: 'set-status',
  summary: 'set the status of tasks in their task files, comments kept',
  help: HELP,
  options: { json: { type: 'boolean' } },
  run: async (args, io) => {
    if (args.positionals.length < 2)
      throw new UsageError(`\`taskpod set-status\` takes one or more task ids and a status.\n\n${HELP}`, {
        received: args.positionals.join(' ') || 'nothing',
      });
    const ids = args.positionals.slice(0, -1);
    const typed = args.positionals.at(-1)!;
    let status!: TaskStatus;
    const workspace = await loadCliWorkspace(io, (config) => (status = resolveStatus(typed, config.statusAliases)));
    const tasks = findTasks(ids, workspace.tasks, workspace.config.tasksGlob);
    const changes = await writeTaskStatuses(workspace.root, tasks, status, { now: new Date() });
    if (args.values.json) {
      io.stdout(`${JSON.stringify(changes, null, 2)}\n`);
      return 0;
    }
    for (const c of changes) io.stdout(c.changed.length ? `${c.id}: ${c.from} -> ${c.to} (${c.file})\n` : `${c.id}: already ${c.to}\n`);
    return 0;
  },
};

/** A status word as a person types it; an unknown one is a usage error naming the valid ones. */
function resolveStatus(typed: string, aliases: Readonly<Record<string, string>>): TaskStatus {
  const status = resolveStatusWord(typed, aliases);
  if (status !== undefined) return status;
  throw new UsageError(`Unknown status \`${typed}\`.${didYouMean(typed, knownStatusWords(aliases))}`, {
    expected: `one of ${TASK_STATUSES.join(', ')}`,
    received: typed,
  });
}
