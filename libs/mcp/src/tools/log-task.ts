import { z } from 'zod';
import { defineTool } from '../define-tool';
import { runToolStep } from '../open-workspace';
import { force, taskId } from './schema-parts';

/** `taskpod log <id> [--force] --json`. */
export const logTaskTool = defineTool({
  name: 'log_task',
  title: 'Log task',
  description:
    "Records the task's applied patch as `taskpod log` does: a row in .logs/trace_log.md, a line in .logs/ledger.jsonl, metrics/metrics.yaml recomputed, " +
    'a run section in .logs/feedback/<id>.md, and status done with updated_at in its task.yaml. Logging the same patch again adds nothing.',
  input: z.strictObject({ id: taskId, force }),
  output: z.object({
    id: z.string(),
    appended: z.boolean(),
    skipped: z.boolean(),
    written: z.array(z.string()),
    patch_file: z.string().nullable(),
    task_fields: z.array(z.string()),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  run: async (session, input) => {
    const { task, result } = await runToolStep(session, 'log', input.id, input);
    const structured = {
      id: task.id,
      appended: result?.appended ?? false,
      skipped: result === null,
      written: result?.written ?? [],
      patch_file: result?.entry?.patch_file ?? null,
      task_fields: result?.taskFields ?? [],
    };
    if (result === null) return { text: `${task.id} is done: nothing to log (force logs it anyway).`, structured };
    const what = result.written.length ? `wrote ${result.written.join(', ')}` : 'nothing to add';
    return { text: `${task.id}: ${result.appended ? 'logged' : 'already logged'} ${result.entry?.patch_file}; ${what}`, structured };
  },
});
