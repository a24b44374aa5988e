import { z } from 'zod';
import { defineTool } from '../define-tool';
import { runToolStep } from '../open-workspace';
import { force, record, taskId } from './schema-parts';

/** `taskpod patch <id> [--staged] [--force]`. */
export const makePatchTool = defineTool({
  name: 'make_patch',
  title: 'Make patch',
  description:
    'Diffs the files submit_work wrote (.patches/<id>/files/) against the base branch in a throwaway git index (your index and working tree are never touched) ' +
    "and writes .patches/patch_<YYYYMMDD_HHMMSS>_<id>.diff with its .yaml sidecar, as `taskpod patch` does. With staged: from the repository's staged changes instead. Then call apply_task.",
  input: z.strictObject({
    id: taskId,
    staged: z.boolean().optional().describe("Make the patch from the repository's staged changes (work done in the checkout by hand)"),
    force,
  }),
  output: z.object({ patch: record.nullable() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  run: async (session, input) => {
    const { task, result: meta } = await runToolStep(session, 'patch', input.id, input);
    const text = meta ? `.patches/${meta.patch_file}` : `${task.id} is done: nothing to patch (force patches it anyway).`;
    return { text, structured: { patch: meta as Record<string, unknown> | null } };
  },
});
