import { TASK_STATUSES, UsageError, listRows, resolveStatusWord } from '@taskpod/core';
import { z } from 'zod';
import { defineTool } from '../define-tool';
import { openWorkspace } from '../open-workspace';

const row = z.looseObject({
  id: z.string(),
  status: z.string(),
  phase: z.number().nullable(),
  pod: z.string().nullable(),
  depends_on: z.array(z.string()),
  waits_for: z.array(z.looseObject({ id: z.string(), reason: z.string() })),
});

/** `taskpod list --json`: every task in queue order with what it waits for, filtered like the CLI's options. */
export const listTasksTool = defineTool({
  name: 'list_tasks',
  title: 'List tasks',
  description:
    'Every task in queue order with status, phase, pod, priority and what it waits for (`taskpod list --json`), filtered by status, pod and category.',
  input: z.strictObject({
    status: z
      .string()
      .min(1)
      .optional()
      .describe(`Only tasks with this status (${TASK_STATUSES.join(', ')}; the framework's words work too)`),
    pod: z.string().min(1).optional().describe('Only tasks owned by this pod'),
    category: z.string().min(1).optional().describe("Only tasks whose `category` field is this (the framework's pm, dev, qa, ...)"),
  }),
  output: z.object({ tasks: z.array(row) }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  run: async (session, input) => {
    const status = input.status === undefined ? undefined : resolveStatusWord(input.status);
    if (input.status !== undefined && status === undefined) {
      throw new UsageError(`Unknown status \`${input.status}\` for status.`, {
        expected: TASK_STATUSES.join(', '),
        received: input.status,
      });
    }
    const { tasks, graph } = await openWorkspace(session);
    const rows = listRows(tasks, graph.dependencies, { status, pod: input.pod, category: input.category });
    return { text: JSON.stringify(rows, null, 2), structured: { tasks: rows } };
  },
});
