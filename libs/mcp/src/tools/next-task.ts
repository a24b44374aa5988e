import { orderQueue, selectNextTask } from '@taskpod/core';
import { z } from 'zod';
import { defineTool } from '../define-tool';
import { openWorkspace } from '../open-workspace';
import { queueEntry } from './schema-parts';

/** `taskpod next [--pod] [--all]`: the first actionable task, or the whole ready queue. */
export const nextTaskTool = defineTool({
  name: 'next_task',
  title: 'Next task',
  description:
    'The first actionable task (status ready, depends_on done, earlier phases done), as `taskpod next --json` prints it; null when none is. ' +
    'With all: every ready task in queue order, with what blocks it. Then call render_prompt with its id.',
  input: z.strictObject({
    pod: z.string().min(1).optional().describe('Only tasks owned by this pod (DevPod, QAPod, ...)'),
    all: z.boolean().optional().describe('Every ready task in order, actionable or not, with blocked_by'),
  }),
  output: z.object({ task: queueEntry.nullable(), queue: z.array(queueEntry).optional() }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  run: async (session, input) => {
    const { tasks, config } = await openWorkspace(session);
    const options = { phaseBarrier: config.phaseBarrier, ...(input.pod !== undefined ? { pod: input.pod } : {}) };
    const task = selectNextTask(tasks, options);
    const structured = input.all ? { task, queue: orderQueue(tasks, options) } : { task };
    const text = input.all ? JSON.stringify(structured.queue, null, 2) : task ? task.id : 'No task is actionable.';
    return { text, structured };
  },
});
