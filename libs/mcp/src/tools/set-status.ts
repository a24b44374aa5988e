import { TASK_STATUSES, UsageError, didYouMean, knownStatusWords, resolveStatusWord } from '@taskpod/core';
import { writeTaskStatuses } from '@taskpod/ledger';
import { z } from 'zod';
import { defineTool } from '../define-tool';
import { openWorkspace } from '../open-workspace';
import { taskId } from './schema-parts';

const change = z.object({ id: z.string(), file: z.string(), from: z.string(), to: z.string(), changed: z.array(z.string()) });

/** `taskpod set-status <id...> <status> --json`. */
export const setStatusTool = defineTool({
  name: 'set_status',
  title: 'Set status',
  description:
    `Sets the status (and updated_at) of tasks in their task files as \`taskpod set-status\` does, changing only those lines and ` +
    `keeping comments. status is one of ${TASK_STATUSES.join(', ')} or a word the framework writes. Every id is checked before anything is written.`,
  input: z.strictObject({ ids: z.array(taskId).min(1), status: z.string().min(1) }),
  output: z.object({ changes: z.array(change) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  run: async (session, input) => {
    const { tasks, config } = await openWorkspace(session);
    const status = resolveStatusWord(input.status, config.statusAliases);
    if (status === undefined) {
      const words = knownStatusWords(config.statusAliases);
      throw new UsageError(`Unknown status \`${input.status}\`.${didYouMean(input.status, words)}`, {
        expected: words.join(', '),
        received: input.status,
      });
    }
    const byId = new Map(tasks.map((t) => [t.id, t]));
    const unknown = input.ids.filter((id) => !byId.has(id));
    if (unknown.length > 0) {
      const hints = unknown.map((id) => didYouMean(id, byId.keys())).join('');
      throw new UsageError(`Unknown task id${unknown.length === 1 ? '' : 's'}: ${unknown.join(', ')}.${hints}`);
    }
    const changes = await writeTaskStatuses(
      session.root,
      input.ids.map((id) => byId.get(id)!),
      status,
      { now: session.now() },
    );
    const text = changes
      .map((c) => (c.changed.length ? `${c.id}: ${c.from} -> ${c.to} (${c.file})` : `${c.id}: already ${c.to}`))
      .join('\n');
    return { text, structured: { changes } };
  },
});
