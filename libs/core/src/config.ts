import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { UserError } from './errors';
import { checkStatusAliases, type StatusAliases } from './status-aliases';

/** Per-pod defaults (docs/promises.md, "Provider choice": task, then pod, then workspace default). */
export interface PodConfig {
  provider?: string;
  model?: string;
  /** Shell provider command as an argument array, e.g. ["claude", "-p"]. */
  command?: string[];
}

/** taskpod's settings: the options of the taskpod plugin entry in nx.json. */
export interface TaskpodConfig {
  /** Glob of task files, relative to the workspace. */
  tasksGlob: string;
  targetNames: { run: string; patch: string; apply: string; log: string };
  /** The phase barrier of "Which task is next"; on unless switched off. */
  phaseBarrier: boolean;
  provider?: string;
  model?: string;
  /** Sampling parameters sent with every request (part of the reply-store key). */
  parameters?: Record<string, unknown>;
  pods: Record<string, PodConfig>;
  shell: { command?: string[]; timeoutMs: number };
  openai: { maxRetries: number; timeoutMs: number; structuredOutput: boolean };
  /** USD per million tokens, by model name; merged over the built-in table. */
  prices: Record<string, { input: number; output: number }>;
  /** Characters of context (memory, inputs, upstream outputs) before the largest parts are cut. */
  contextBudget: number;
  /** Base branch for apply; default the current branch. */
  baseBranch?: string;
  /** Commands (argument arrays) run in the apply worktree before anything is pushed. */
  verify: string[][];
  /** Allow apply to copy the files over when the patch does not apply. */
  overwrite: boolean;
  /** More status words (`{ "wip": "in_progress" }`), over the framework's own (SPEC "The framework's files"). */
  statusAliases: StatusAliases;
}

export const PLUGIN_NAME = '@taskpod/nx-plugin';

export const DEFAULT_CONFIG: TaskpodConfig = {
  tasksGlob: 'task_templates/**/task.yaml',
  targetNames: { run: 'run', patch: 'patch', apply: 'apply', log: 'log' },
  phaseBarrier: true,
  pods: {},
  shell: { timeoutMs: 10 * 60_000 },
  openai: { maxRetries: 2, timeoutMs: 10 * 60_000, structuredOutput: true },
  prices: {},
  contextBudget: 60_000,
  verify: [],
  overwrite: false,
  statusAliases: {},
};

/** Merges plugin options over the defaults (nested objects one level deep). */
export function buildConfig(options: Partial<TaskpodConfig> | undefined): TaskpodConfig {
  const o = options ?? {};
  return {
    ...DEFAULT_CONFIG,
    ...o,
    targetNames: { ...DEFAULT_CONFIG.targetNames, ...o.targetNames },
    shell: { ...DEFAULT_CONFIG.shell, ...o.shell },
    openai: { ...DEFAULT_CONFIG.openai, ...o.openai },
    pods: { ...o.pods },
    prices: { ...o.prices },
    verify: o.verify ?? [],
    statusAliases: checkStatusAliases(o.statusAliases),
  };
}

/** Reads the taskpod plugin options from `<root>/nx.json`; a workspace without one gets defaults. */
export function readConfig(root: string): TaskpodConfig {
  const file = path.join(root, 'nx.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return buildConfig(undefined);
  }
  let nxJson: { plugins?: unknown[] };
  try {
    nxJson = JSON.parse(text);
  } catch (error) {
    throw new UserError(`nx.json is not valid JSON: ${(error as Error).message}`, {}, { cause: error });
  }
  const entry = (nxJson.plugins ?? []).find(
    (p) => p === PLUGIN_NAME || (typeof p === 'object' && p !== null && (p as { plugin?: string }).plugin === PLUGIN_NAME),
  );
  const options = typeof entry === 'object' && entry ? (entry as { options?: Partial<TaskpodConfig> }).options : undefined;
  return buildConfig(options);
}
