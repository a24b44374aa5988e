import { taskPaths } from '@taskpod/core';
import { submitStep } from '@taskpod/pipeline';
import { z } from 'zod';
import { defineTool } from '../define-tool';
import { openTask } from '../open-workspace';
import { force, record, taskId } from './schema-parts';

/** The reply contract (libs/llm reply-contract.ts) with the optional reasoning and handoff texts. */
const file = z.strictObject({
  path: z.string().describe("Workspace-relative path; must match one of the task's outputs"),
  content: z.string().describe('The whole new content of the file (UTF-8 text)'),
});

/** run's reply, handed in by the agent: guarded, then written to `.patches/<id>/` as run writes it. */
export const submitWorkTool = defineTool({
  name: 'submit_work',
  title: 'Submit work',
  description:
    "Hands in the task's files as a model's reply would: the same contract, the same path guard (every path inside the workspace and " +
    "matching the task's outputs; one bad path refuses the whole submission and names it, writing nothing), written to .patches/<id>/files/ " +
    'with .patches/<id>/run.json (provider mcp, your client named). Nothing in your checkout changes. Then call make_patch.',
  input: z.strictObject({
    id: taskId,
    summary: z.string().describe('What the work does, in a line or two: it becomes the commit message and the log entry'),
    files: z.array(file).describe('Every file the task writes, each with its full content'),
    reasoning: z.string().optional().describe('How you got there; kept under .logs/reasoning/ when the task is logged'),
    handoff: z.string().optional().describe('What the next pod should know; kept under .logs/handoff/ when the task is logged'),
    force,
  }),
  output: z.object({ run: record.nullable() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  run: async (session, input) => {
    const { task, ctx } = await openTask(session, input.id);
    const work = { summary: input.summary, files: input.files, reasoning: input.reasoning, handoff: input.handoff };
    const seen = session.seen.get(task.id);
    const run = await submitStep(ctx, task, work, {
      provider: 'mcp',
      client: session.client(),
      force: input.force === true,
      ...(seen ? { seen } : {}),
    });
    if (!run) return { text: `${task.id} is done: nothing was written (force takes the work anyway).`, structured: { run: null } };
    session.seen.delete(task.id);
    const count = `${run.files.length} file${run.files.length === 1 ? '' : 's'}`;
    return {
      text: `${task.id}: wrote ${count} under ${taskPaths(task.id).files}/ (${run.files.join(', ')}) and ${taskPaths(task.id).run}. Next: make_patch.`,
      structured: { run },
    };
  },
});
