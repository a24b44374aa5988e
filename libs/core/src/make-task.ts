import type { Task } from './types';

/** Builds a valid Task for tests of pure code; override only what the test is about. */
export function makeTask(overrides: Partial<Task> & { id?: string } = {}): Task {
  const id = overrides.id ?? 'T1';
  const dir = overrides.source?.dir ?? `task_templates/${id}`;
  return {
    id,
    description: `Do ${id}`,
    phase: 1,
    phaseLabel: '1',
    pod: 'DevPod',
    status: 'ready',
    priority: 'medium',
    createdAt: null,
    updatedAt: null,
    prompt: null,
    memory: [],
    inputs: [],
    outputs: [],
    dependsOn: [],
    provider: null,
    model: null,
    fields: { id },
    source: { file: `${dir}/task.yaml`, dir, shape: 'flat', line: 1 },
    ...overrides,
  };
}
