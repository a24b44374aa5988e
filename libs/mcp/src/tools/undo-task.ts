import { UsageError, unknownTaskIdError } from '@taskpod/core';
import { carryOutTaskUndo, createStepContext, planTaskUndo } from '@taskpod/pipeline';
import { z } from 'zod';
import { defineTool } from '../define-tool';
import { openWorkspace } from '../open-workspace';
import { taskId } from './schema-parts';

const outcome = z.object({ id: z.string(), nothing: z.string().nullable(), actions: z.array(z.string()), done: z.array(z.string()) });

/**
 * `taskpod undo <id> --yes [--cascade] --json`. A tool cannot ask as the command does, so it
 * changes nothing unless `confirm` is true: without it, a task with something to undo is a tool
 * error listing what would be done (the command's question, answered by calling again).
 */
export const undoTaskTool = defineTool({
  name: 'undo_task',
  title: 'Undo task',
  description:
    'Takes back what the task did, as `taskpod undo --yes` does: closes its open pull request with a comment (a merged one gets a revert pull request), ' +
    'deletes taskpod/<id> on origin and here (only when every commit on it is taskpod\'s own), reverts an `into: "current"` apply with a new commit, ' +
    'marks its logged patches undone in the ledger and sets its status back to ready; the patch, run record and reply store stay. ' +
    'Changes nothing unless `confirm` is true: without it, the error lists what it would do. A task with nothing to undo says so and changes nothing.',
  input: z.strictObject({
    id: taskId,
    confirm: z
      .boolean()
      .optional()
      .describe('true: undo without asking (`--yes`); anything else changes nothing and lists what would be done'),
    cascade: z
      .boolean()
      .optional()
      .describe('Undo the tasks that depend on it and have work of their own too, the farthest first (`--cascade`)'),
  }),
  output: z.object({
    tasks: z.array(outcome),
    left_alone: z.array(z.object({ id: z.string(), has: z.array(z.string()) })),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  run: async (session, input) => {
    const workspace = await openWorkspace(session);
    const task = workspace.tasks.find((t) => t.id === input.id);
    if (!task) throw unknownTaskIdError(input.id, workspace.tasks, workspace.config.tasksGlob);
    // Steps report through the lines undo returns, into the text; the server's log repeats them for the person running it.
    const ctx = createStepContext(session.root, workspace.config, { env: session.env, now: session.now, log: session.log });
    const undo = await planTaskUndo(ctx, workspace.tasks, task, { cascade: input.cascade === true });
    const leftAlone = undo.leftAlone.map(
      (d) => `${d.id} depends on ${task.id} and has its own ${d.has.join(', ')}: left alone (cascade: true undoes it too).`,
    );
    if (undo.todo.length > 0 && input.confirm !== true) {
      const plan = undo.todo.map((p) => `Undo ${p.task.id}:\n${p.actions.map((a) => `  - ${a}`).join('\n')}`);
      throw new UsageError(
        [
          `undo_task cannot ask before it changes anything: call it again with \`confirm: true\` to undo ${task.id}. Nothing was changed.`,
          ...leftAlone,
          ...plan,
        ].join('\n'),
      );
    }
    const tasks = await carryOutTaskUndo(ctx, undo);
    const lines = [
      ...leftAlone,
      ...tasks.flatMap((t) => (t.nothing === null ? t.done.map((line) => `${t.id}: ${line}`) : [t.nothing])),
      ...(undo.todo.length > 0
        ? [`${undo.todo.map((p) => p.task.id).join(', ')} ready again; a rerun without new feedback reuses the stored reply.`]
        : []),
    ];
    return { text: lines.join('\n'), structured: { tasks, left_alone: undo.leftAlone } };
  },
});
