import type { PromptContext } from './build-prompt-context';
import { createLiquidEngine } from './liquid-engine';

/** The framework's prompt templates: `prompt_template.md`, `prompt_template_simple.md`, `prompt_template.txt`, ... */
export function isFrameworkTemplate(file: string): boolean {
  return /(^|\/)prompt_template[^/]*$/.test(file);
}

/**
 * The framework's templates were written for its own tools, not for taskpod's strict Liquid: an unknown
 * `{{ placeholder }}` renders empty instead of failing, and nothing is read from disk.
 */
const lenient = createLiquidEngine(false);

/**
 * What a framework template's placeholders name: the task's fields at the top level (`{{ task_id }}`,
 * `{{ description }}`, `{{ pod_owner }}`, `{{ phase }}`), lists as comma-separated paths
 * (`{{ inputs }}`, `{{ outputs }}`), and taskpod's own variables (`task`, `memory`, ...) beside them.
 */
function frameworkVariables(context: PromptContext): Record<string, unknown> {
  const task = context.task;
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String).join(', ') : value);
  return {
    ...task,
    task_id: task.id,
    pod_owner: task.pod_owner ?? context.pod,
    phase: task.phase_label ?? task.phase,
    inputs: list(task.inputs),
    outputs: list(task.outputs),
    depends_on: list(task.depends_on),
    task,
    pod: context.pod,
    memory: context.memory,
    upstream: context.upstream,
    github: context.github,
    feedback: context.feedback,
  };
}

/**
 * A framework template's instructions. Every context section is still appended (its `{{ inputs }}`
 * is a list of paths, not the files), and a template Liquid cannot parse is sent as written.
 */
export function renderFrameworkTemplate(
  template: { path: string; text: string },
  context: PromptContext,
): { instructions: string; note: string | null } {
  try {
    return { instructions: lenient.parseAndRenderSync(template.text, frameworkVariables(context)), note: null };
  } catch (error) {
    const reason = String((error as Error).message ?? error).split('\n')[0];
    return { instructions: template.text, note: `The template ${template.path} is sent as written: it is not Liquid (${reason}).` };
  }
}
