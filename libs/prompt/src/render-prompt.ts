import { UserError } from '@taskpod/core';
import type { PromptContext } from './build-prompt-context';
import { DEFAULT_TEMPLATE, DEFAULT_TEMPLATE_PATH } from './default-template';
import { isFrameworkTemplate, renderFrameworkTemplate } from './framework-prompt';
import { liquid } from './liquid-engine';
import { contextSections } from './render-context-sections';
import type { PromptMessages } from './types';

export const REPLY_CONTRACT_TEXT = '{"summary": string, "files": [{"path": string, "content": string}]}';

/** Fixed, whatever the template says: who answers and how, so every reply can be parsed. */
export function systemMessage(pod: string | null): string {
  return [
    `You are ${pod ?? 'an AI worker'}, completing one task of a taskpod backlog in a git repository.`,
    `Answer with one JSON object and nothing else, following this contract: ${REPLY_CONTRACT_TEXT}`,
    '- summary: one or two sentences saying what you did.',
    '- files: every file you create or change, with its workspace-relative path (forward slashes) and its complete new content.',
    "- Write only paths that match the task's declared outputs; any other path fails the whole reply.",
  ].join('\n');
}

/**
 * Renders the request: the fixed system message; then a fixed header (task id, description,
 * declared outputs, reply contract), the template's instructions, and every part of the context
 * the template did not place itself. Pure; template errors name the template file and line.
 */
export function renderPrompt(context: PromptContext, template: { path: string; text: string } | null): PromptMessages {
  const t = template ?? { path: DEFAULT_TEMPLATE_PATH, text: DEFAULT_TEMPLATE };
  let instructions: string;
  let used: Set<string>;
  if (template && isFrameworkTemplate(template.path)) {
    const rendered = renderFrameworkTemplate(template, context);
    instructions = rendered.instructions;
    used = new Set();
    if (rendered.note) context = { ...context, notes: [...context.notes, rendered.note] };
  } else
    try {
      const parsed = liquid.parse(t.text, t.path);
      used = new Set(template ? liquid.globalVariablesSync(parsed) : []);
      instructions = liquid.renderSync(parsed, context as unknown as Record<string, unknown>);
    } catch (error) {
      throw templateError(t.path, error);
    }
  const task = context.task;
  const outputs = (task.outputs as string[]).map((o) => `- ${o}`).join('\n') || '- (none declared: this task may not write files)';
  const header = [
    `# Task ${String(task.id)}`,
    '',
    String(task.description),
    '',
    '## Declared outputs (the only paths you may write)',
    outputs,
    '',
    `## Reply contract\nAnswer with JSON only: ${REPLY_CONTRACT_TEXT}`,
  ].join('\n');
  const sections = contextSections(context, used);
  const user = [header, `## Instructions\n${instructions.trim()}`, ...sections].join('\n\n');
  return { system: systemMessage(context.pod), user: `${user}\n` };
}

/** `prompts/x.liquid:2:4: undefined variable: task.nope`, with the variables a template can use. */
function templateError(file: string, error: unknown): UserError {
  const err = error as Error & { token?: { getPosition?: () => [number, number] } };
  const position = err.token?.getPosition?.();
  const message = String(err.message ?? error)
    .split('\n')[0]
    .replace(/(, (file|line|col):.*)+$/, '');
  const where = position ? `${file}:${position[0]}:${position[1]}` : file;
  return new UserError(
    `${where}: ${message}`,
    {
      hint: 'Templates see: task (its fields, id, description, outputs, ...), pod, memory, inputs, upstream, github, feedback, context_note.',
    },
    { cause: error },
  );
}
