import { type Task, type TaskpodConfig, UserError } from '@taskpod/core';

export const PROVIDER_NAMES = ['openai', 'shell', 'replay'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** The model used when nothing names one. */
export const DEFAULT_MODEL = 'gpt-4o-mini';

/** Which provider and model a task uses, and where each choice came from (for messages). */
export interface ProviderChoice {
  provider: ProviderName;
  model: string;
  /** The shell agent's argument array, when the provider is `shell`. */
  command: string[] | null;
  source: { provider: string; model: string };
}

/**
 * Task first, then its pod, then the workspace default, where TASKPOD_PROVIDER/TASKPOD_MODEL
 * override the workspace default but never a task's or pod's explicit choice. With nothing
 * configured: `openai` when OPENAI_API_KEY is set, else `replay` (offline and free).
 */
export function selectProvider(task: Task, config: TaskpodConfig, env: NodeJS.ProcessEnv): ProviderChoice {
  const pod = task.pod ? config.pods[task.pod] : undefined;
  const providerPick =
    firstOf([
      [task.provider, `task ${task.id} (${task.source.file})`],
      [pod?.provider, `pods.${task.pod} in the taskpod plugin options`],
      [env.TASKPOD_PROVIDER, 'TASKPOD_PROVIDER'],
      [config.provider, 'provider in the taskpod plugin options'],
    ]) ??
    (env.OPENAI_API_KEY
      ? { value: 'openai', from: 'OPENAI_API_KEY is set' }
      : { value: 'replay', from: 'no provider configured and no OPENAI_API_KEY' });
  const modelPick = firstOf([
    [task.model, `task ${task.id} (${task.source.file})`],
    [pod?.model, `pods.${task.pod} in the taskpod plugin options`],
    [env.TASKPOD_MODEL, 'TASKPOD_MODEL'],
    [config.model, 'model in the taskpod plugin options'],
  ]) ?? { value: DEFAULT_MODEL, from: 'built-in default' };
  if (!(PROVIDER_NAMES as readonly string[]).includes(providerPick.value)) {
    throw new UserError(`Unknown provider \`${providerPick.value}\` for task ${task.id} (from ${providerPick.from}).`, {
      expected: PROVIDER_NAMES.join(', '),
      received: providerPick.value,
    });
  }
  const provider = providerPick.value as ProviderName;
  return {
    provider,
    model: modelPick.value,
    command: provider === 'shell' ? shellCommand(task, config) : null,
    source: { provider: providerPick.from, model: modelPick.from },
  };
}

function firstOf(candidates: [string | null | undefined, string][]): { value: string; from: string } | null {
  for (const [value, from] of candidates) if (typeof value === 'string' && value.trim() !== '') return { value: value.trim(), from };
  return null;
}

/** The agent command: the task's `command` field, then its pod's, then `shell.command`. */
function shellCommand(task: Task, config: TaskpodConfig): string[] {
  const fromTask = task.fields.command;
  const candidates: [unknown, string][] = [
    [fromTask, `command in ${task.source.file}`],
    [task.pod ? config.pods[task.pod]?.command : undefined, `pods.${task.pod}.command`],
    [config.shell.command, 'shell.command'],
  ];
  for (const [value, from] of candidates) {
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string')) {
      throw new UserError(`The shell command for task ${task.id} (${from}) must be a non-empty array of strings.`, {
        expected: 'e.g. ["my-agent", "--print"]',
        received: JSON.stringify(value),
      });
    }
    return value as string[];
  }
  throw new UserError(`Task ${task.id} uses the shell provider but no command is configured.`, {
    hint: 'Set shell.command (or pods.<pod>.command) in the taskpod plugin options in nx.json, e.g. ["my-agent", "--print"].',
  });
}
