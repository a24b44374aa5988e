import { z } from 'zod';

// Input fields several tools share, described once so every JSON Schema says the same.
export const taskId = z.string().min(1).describe('Task id, as next_task and list_tasks name it');
export const force = z.boolean().optional().describe('Run the step for a done task too (a done task is otherwise left alone)');

/** The queue entry of `taskpod next --json`. */
export const queueEntry = z.looseObject({
  id: z.string(),
  phase: z.number().nullable(),
  pod: z.string().nullable(),
  priority: z.string(),
  created_at: z.string().nullable(),
  status: z.string(),
  actionable: z.boolean(),
  blocked_by: z.array(z.string()),
});

/** A record file (run.json, the patch sidecar, apply.json): its fields as the CLI's --json prints them. */
export const record = z.looseObject({ task_id: z.string() });
