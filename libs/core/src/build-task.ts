import { DEFAULT_MEMORY_FILE, MANAGED_PATHS_TEXT, isManagedPath } from './paths';
import type { Issue } from './errors';
import { normalisePhase, normalisePriority, normaliseStatus, normaliseTimestamp, toList } from './normalise-task-fields';
import { outputGlobProblem } from './output-globs';
import { knownStatusWords, type StatusAliases } from './status-aliases';
import type { Task, TaskFileShape } from './types';

export interface BuildTaskInput {
  id: string;
  /** The task's own map as written. */
  fields: Record<string, unknown>;
  shape: TaskFileShape;
  file: string;
  dir: string;
  line: number;
  lineOfField: (field: string, index?: number) => number;
  /** A status word no table knows (see canonicalTaskFields), reported here with every known word. */
  unknownStatus?: string;
  /** The file says `template: true` (the framework's task templates). */
  template?: boolean;
  statusAliases?: StatusAliases;
}

/** Normalises a task's fields per docs/file-formats.md, "task.yaml"; reports what the schema cannot see. */
export function buildTask(input: BuildTaskInput): { task: Task; issues: Issue[] } {
  const { fields, file } = input;
  const issues: Issue[] = [];
  const at = (field: string, index?: number) => ({
    file,
    line: input.lineOfField(field, index),
    field: index === undefined ? field : `${field}[${index}]`,
  });
  const timestamp = (field: 'created_at' | 'updated_at') => {
    const { value, invalid } = normaliseTimestamp(fields[field]);
    if (invalid && typeof fields[field] === 'string' && /^\d{4}-\d{2}-\d{2}/.test(fields[field] as string)) {
      issues.push({ ...at(field), message: `is not a real date or time; got \`${value}\`` });
    }
    return invalid ? null : value;
  };
  const outputs: string[] = [];
  toList(fields.outputs).forEach((glob, index) => {
    const problem = outputGlobProblem(glob);
    if (problem) issues.push({ ...at('outputs', index), message: `\`${glob}\` ${problem}` });
    else if (isManagedPath(glob)) {
      // The framework's tasks list what taskpod writes for them (the patch, the feedback file, task.yaml): no news there.
      if (!input.template && fields.instance_of === undefined)
        issues.push({
          ...at('outputs', index),
          severity: 'warning',
          message: `\`${glob}\` is a path taskpod manages itself (${MANAGED_PATHS_TEXT}); ignored`,
        });
    } else outputs.push(glob);
  });
  if (input.unknownStatus !== undefined) {
    issues.push({
      ...at('status'),
      message: `must be one of ${knownStatusWords(input.statusAliases).join(', ')} (or a word added with \`statusAliases\` in nx.json); got \`${input.unknownStatus}\``,
    });
  }
  const description = str(fields.description) ?? str(fields.title);
  if (description === null)
    issues.push({
      file,
      line: input.line,
      field: 'description',
      severity: 'warning',
      message: 'is missing (nor is there a `title`); the model sees only the id',
    });
  const phaseRaw = fields.phase;
  const task: Task = {
    id: input.id,
    description: description ?? '',
    phase: normalisePhase(phaseRaw),
    phaseLabel: phaseRaw === undefined || phaseRaw === null ? null : String(phaseRaw),
    pod: str(fields.pod) ?? str(fields.pod_owner),
    status: normaliseStatus(fields),
    priority: normalisePriority(fields.priority),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
    prompt: str(fields.prompt),
    memory: fields.memory === undefined || fields.memory === null ? defaultMemory(input.dir) : toList(fields.memory),
    inputs: toList(fields.inputs),
    outputs,
    dependsOn: [...new Set(toList(fields.depends_on))],
    provider: str(fields.provider),
    model: str(fields.model),
    fields,
    source: { file, dir: input.dir, shape: input.shape, line: input.line, ...(input.template ? { template: true as const } : {}) },
  };
  return { task, issues };
}

/** docs/file-formats.md: memory/memory.yaml and a memory.yaml beside the task.yaml (missing ones are skipped on read). */
export function defaultMemory(dir: string): string[] {
  const beside = dir === '.' ? 'memory.yaml' : `${dir}/memory.yaml`;
  return beside === DEFAULT_MEMORY_FILE ? [DEFAULT_MEMORY_FILE] : [DEFAULT_MEMORY_FILE, beside];
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}
