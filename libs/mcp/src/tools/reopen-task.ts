import { reopenTask } from '@taskpod/ledger';
import { z } from 'zod';
import { defineTool } from '../define-tool';
import { openTask } from '../open-workspace';
import { taskId } from './schema-parts';

/** `taskpod reopen <id> [--feedback TEXT] --json`. */
export const reopenTaskTool = defineTool({
  name: 'reopen_task',
  title: 'Reopen task',
  description:
    'Sets the task back to ready as `taskpod reopen` does and, with feedback, appends it under "Human feedback" in .logs/feedback/<id>.md, ' +
    'where the next prompt reads it, so the next run asks the model anew. Without feedback the next run reuses the stored reply.',
  input: z.strictObject({ id: taskId, feedback: z.string().min(1).optional().describe('What to change, for the next run') }),
  output: z.object({ id: z.string(), from: z.string(), to: z.string(), feedback_file: z.string().nullable() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  run: async (session, input) => {
    const { task } = await openTask(session, input.id);
    const result = await reopenTask(session.root, task, input.feedback ?? null, { now: session.now() });
    const structured = { id: task.id, from: result.status.from, to: result.status.to, feedback_file: result.feedbackFile };
    const fed = result.feedbackFile ? `; feedback added to ${result.feedbackFile}` : '; no feedback: the next run reuses the stored reply';
    return { text: `${task.id}: ${result.status.from} -> ${result.status.to}${fed}`, structured };
  },
});
