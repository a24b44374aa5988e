import { taskPaths } from '@taskpod/core';
import { readApplyRecord, readFailureRecord, readLatestPatch, readPatchPointer, readRunRecord } from '@taskpod/core/records';
import { z } from 'zod';
import { defineTool } from '../define-tool';
import { openTask } from '../open-workspace';
import { record, taskId } from './schema-parts';

const task = z.looseObject({ id: z.string(), description: z.string(), status: z.string(), outputs: z.array(z.string()), file: z.string() });

/** One task as its file says, with what its steps have recorded so far. */
export const showTaskTool = defineTool({
  name: 'show_task',
  title: 'Show task',
  description:
    'One task: description, status, phase, pod, prompt, memory, inputs, the outputs it may write, depends_on and every field of its task.yaml, ' +
    'with the records its steps left (run.json, the newest patch sidecar, apply.json, a failure) or null where a step has not run.',
  input: z.strictObject({ id: taskId }),
  output: z.object({
    task,
    records: z.object({
      run: record.nullable(),
      patch: record.nullable(),
      apply: record.nullable(),
      failure: z.looseObject({}).nullable(),
    }),
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  run: async (session, input) => {
    const { task: t } = await openTask(session, input.id);
    const [run, pointer, apply, failure] = await Promise.all([
      readRunRecord(session.root, t.id),
      readPatchPointer(session.root, t.id),
      readApplyRecord(session.root, t.id),
      readFailureRecord(session.root, t.id),
    ]);
    const patch = pointer ? (await readLatestPatch(session.root, t.id)).meta : null;
    const shown = {
      id: t.id,
      description: t.description,
      status: t.status,
      phase: t.phase,
      phase_label: t.phaseLabel,
      pod: t.pod,
      priority: t.priority,
      created_at: t.createdAt,
      updated_at: t.updatedAt,
      prompt: t.prompt,
      memory: t.memory,
      inputs: t.inputs,
      outputs: t.outputs,
      depends_on: t.dependsOn,
      provider: t.provider,
      model: t.model,
      file: t.source.file,
      feedback_file: taskPaths(t.id).feedback,
      fields: t.fields,
    };
    const structured = { task: shown, records: { run, patch, apply, failure } };
    return { text: JSON.stringify(structured, null, 2), structured };
  },
});
