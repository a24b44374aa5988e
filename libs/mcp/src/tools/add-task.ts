import { formatIssue } from '@taskpod/core';
import { addTask, checkAddRequest } from '@taskpod/ledger';
import { z } from 'zod';
import { defineTool } from '../define-tool';
import { openWorkspace } from '../open-workspace';

/** `taskpod add ... --json`: the same request, checks and file, through the same addTask. */
export const addTaskTool = defineTool({
  name: 'add_task',
  title: 'Add task',
  description:
    'Writes a new task file with status ready as `taskpod add` does: from description (and pod, phase, outputs, depends_on, prompt), ' +
    'or with `from` as a copy of a task or template (its fields and comments, instance_of naming it), its `<placeholders>` filled from `set`. ' +
    'An id any task or template has is refused; the file is checked with the whole workspace before it is written, and written whole or not at all.',
  input: z.strictObject({
    id: z.string().min(1).describe("The new task's id"),
    description: z.string().min(1).optional().describe('What the task must achieve (needed unless `from` is given)'),
    pod: z.string().min(1).optional().describe('The pod that owns it'),
    phase: z
      .union([z.number().int().nonnegative(), z.string().min(1)])
      .optional()
      .describe('Its phase: a number, or a label such as "Phase 2 - Build"'),
    outputs: z.array(z.string().min(1)).optional().describe('Path globs it may write (replace the copied outputs)'),
    depends_on: z.array(z.string().min(1)).optional().describe('Tasks that must be done first'),
    prompt: z.string().min(1).optional().describe('Its prompt template, workspace-relative'),
    from: z
      .string()
      .min(1)
      .optional()
      .describe('The task or template to copy: its id, or its task file path relative to the workspace root'),
    set: z.record(z.string(), z.string()).optional().describe('Values for the `<placeholders>` in the copied strings, { name: value }'),
  }),
  output: z.object({
    id: z.string(),
    file: z.string(),
    instance_of: z.string().nullable(),
    warnings: z.array(z.string()),
    became_template: z.string().nullable(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  run: async (session, input) => {
    const request = {
      id: input.id,
      description: input.description,
      pod: input.pod,
      phase: input.phase === undefined ? undefined : String(input.phase),
      outputs: input.outputs,
      dependsOn: input.depends_on,
      prompt: input.prompt,
      from: input.from,
      set: input.set ?? {},
    };
    // The request's own faults first, as the command's flags: nothing is read for a bad request.
    checkAddRequest(request);
    const workspace = await openWorkspace(session);
    const added = await addTask(session.root, workspace.config, workspace, request, { cwd: session.root, now: session.now() });
    const warnings = added.warnings.map(formatIssue);
    const structured = { id: added.id, file: added.file, instance_of: added.instance_of, warnings, became_template: added.becameTemplate };
    const lines = [
      `wrote ${added.file}`,
      ...warnings.map((w) => `warning: ${w}`),
      ...(added.becameTemplate ? [`note: ${added.becameTemplate} is now a template, no longer a task of its own`] : []),
    ];
    return { text: lines.join('\n'), structured };
  },
});
