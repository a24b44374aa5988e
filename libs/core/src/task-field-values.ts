import type { Task } from './types';

export type TaskFieldValues = ReturnType<typeof taskFieldValues>;

/**
 * A task's fields under their task.yaml names, with the values taskpod read them as (normalised:
 * a phase number, a status word, ISO times). What a prompt template sees as `task.*` and what
 * `taskpod show --json` prints, from one list.
 */
export function taskFieldValues(task: Task) {
  return {
    id: task.id,
    description: task.description,
    pod: task.pod,
    phase: task.phase,
    phase_label: task.phaseLabel,
    status: task.status,
    priority: task.priority,
    created_at: task.createdAt,
    updated_at: task.updatedAt,
    prompt: task.prompt,
    memory: task.memory,
    inputs: task.inputs,
    outputs: task.outputs,
    depends_on: task.dependsOn,
    provider: task.provider,
    model: task.model,
  };
}
