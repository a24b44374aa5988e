import { type Task, taskFieldValues } from '@taskpod/core';
import { type ContextPart, describeCuts, fitContextBudget } from './fit-context-budget';
import type { GitHubMemoryFile, MemoryItem, PromptFile, PromptInputs, UpstreamFile } from './types';

/** The variables a prompt template sees. */
export interface PromptContext {
  /** The task's fields as written, plus normalised ones (`id`, `description`, `outputs`, ...). */
  task: Record<string, unknown>;
  pod: string | null;
  memory: MemoryItem[];
  inputs: PromptFile[];
  upstream: UpstreamFile[];
  github: GitHubMemoryFile[];
  feedback: string | null;
  /** What the context budget cut, or null. */
  context_note: string | null;
  /** Things expected to be missing and missing (inputs not written yet, ...), each one sentence. */
  notes: string[];
}

/** The task as templates see it: fields as written, overridden by their normalised values. */
export function taskVariables(task: Task): Record<string, unknown> {
  return {
    ...task.fields,
    ...taskFieldValues(task),
    file: task.source.file,
    dir: task.source.dir,
  };
}

/**
 * Builds the template context from what was read, cutting the largest file contents first when
 * they exceed `contextBudget` characters. Human feedback is never cut. Pure.
 */
export function buildPromptContext(task: Task, inputs: PromptInputs, options: { contextBudget: number }): PromptContext {
  const parts: ContextPart[] = [
    ...inputs.memory.map((m) => ({ label: `memory ${m.path}`, content: m.content ?? '' })),
    ...inputs.inputs.map((f) => ({ label: `input ${f.path}`, content: f.content })),
    ...inputs.upstream.map((f) => ({ label: `upstream ${f.task}:${f.path}`, content: f.content })),
    ...inputs.github.map((f) => ({ label: `github ${f.repo}:${f.path}`, content: f.content })),
  ];
  const { parts: fitted, cuts } = fitContextBudget(parts, options.contextBudget);
  let i = 0;
  const next = () => fitted[i++].content;
  // Every memory entry took a part (an absent one an empty part), so each advances the cursor.
  const memory = inputs.memory.map((m) => {
    const content = next();
    return { ...m, content: m.content === null ? null : content };
  });
  return {
    task: taskVariables(task),
    pod: task.pod,
    memory,
    inputs: inputs.inputs.map((f) => ({ ...f, content: next() })),
    upstream: inputs.upstream.map((f) => ({ ...f, content: next() })),
    github: inputs.github.map((f) => ({ ...f, content: next() })),
    feedback: inputs.feedback,
    context_note: describeCuts(cuts, options.contextBudget),
    notes: inputs.notes ?? [],
  };
}
