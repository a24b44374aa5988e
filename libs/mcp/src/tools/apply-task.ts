import { z } from 'zod';
import { defineTool } from '../define-tool';
import { runToolStep } from '../open-workspace';
import { force, record, taskId } from './schema-parts';

/** `taskpod apply <id> [--into current] [--no-push] [--no-pr] [--overwrite] [--force]`. */
export const applyTaskTool = defineTool({
  name: 'apply_task',
  title: 'Apply task',
  description:
    "Commits the task's newest patch on branch taskpod/<id> from the base branch (your checkout is never touched), runs the configured verify commands, " +
    'pushes the branch to origin when there is one and opens or updates its pull request when GITHUB_TOKEN is set, as `taskpod apply` does; ' +
    'the result goes to .patches/<id>/apply.json. Then call log_task.',
  input: z.strictObject({
    id: taskId,
    into: z
      .enum(['worktree', 'current'])
      .optional()
      .describe(
        'current: commit onto the current branch instead (refused when a file it changes is dirty); default worktree (branch taskpod/<id>)',
      ),
    push: z.boolean().optional().describe('Push to origin (default true; false is --no-push, and opens no pull request)'),
    pr: z.boolean().optional().describe('Open or update the pull request (default true; false is --no-pr)'),
    overwrite: z
      .boolean()
      .optional()
      .describe("When the patch does not apply, take the task's files as they are (default: the overwrite option in nx.json)"),
    force,
  }),
  output: z.object({ apply: record.nullable() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  run: async (session, input) => {
    // An absent `overwrite` means "use the overwrite option from nx.json", as the CLI's flag does.
    const { task, result: done } = await runToolStep(session, 'apply', input.id, {
      ...input,
      overwrite: input.overwrite === true ? true : undefined,
    });
    if (!done) return { text: `${task.id} is done: nothing to apply (force applies it anyway).`, structured: { apply: null } };
    const parts = [`${done.branch} ${done.commit.slice(0, 12)}`, done.method, done.pushed ? 'pushed' : 'not pushed'];
    if (done.pr_url) parts.push(`PR #${done.pr_number} ${done.pr_url}`);
    return { text: `${task.id}: ${parts.join(', ')}`, structured: { apply: done as unknown as Record<string, unknown> } };
  },
});
