import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { UserError } from './errors';
import { type Budgets, checkBudgets } from './budgets';
import { checkPrices } from './check-prices';
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
  /** Spending caps in USD (SPEC "Spend and budgets"); checked before each model call. */
  budgets: Budgets;
  /** Characters of context (memory, inputs, upstream outputs) before the largest parts are cut. */
  contextBudget: number;
  /** Base branch for apply; default the current branch. */
  baseBranch?: string;
  /** Commands (argument arrays) run in the apply worktree before anything is pushed. */
  verify: string[][];
  /** Allow apply to copy the files over when the patch does not apply. */
  overwrite: boolean;
  /** More status words (`{ "wip": "in_progress" }`), over the framework's own (docs/file-formats.md, "The framework's files"). */
  statusAliases: StatusAliases;
}

/**
 * The module names nx.json may register the plugin under: through the `taskpod` package (what
 * `taskpod init` writes: the one package a host installs) or the plugin package itself.
 */
export const PLUGIN_NAMES = ['taskpod/nx-plugin', '@taskpod/nx-plugin'] as const;
export const PLUGIN_NAME = PLUGIN_NAMES[0];

/** nx.json's taskpod plugin entry (a name or `{ plugin, options }`), or undefined when there is none. */
export function findPluginEntry(nxJson: { plugins?: unknown }): string | { plugin: string; options?: unknown } | undefined {
  const plugins = Array.isArray(nxJson.plugins) ? (nxJson.plugins as unknown[]) : [];
  const isOurs = (name: unknown) => (PLUGIN_NAMES as readonly unknown[]).includes(name);
  return plugins.find((p) => isOurs(p) || (typeof p === 'object' && p !== null && isOurs((p as { plugin?: unknown }).plugin))) as
    | string
    | { plugin: string; options?: unknown }
    | undefined;
}

export const DEFAULT_CONFIG: TaskpodConfig = {
  tasksGlob: 'task_templates/**/task.yaml',
  targetNames: { run: 'run', patch: 'patch', apply: 'apply', log: 'log' },
  phaseBarrier: true,
  pods: {},
  shell: { timeoutMs: 10 * 60_000 },
  openai: { maxRetries: 2, timeoutMs: 10 * 60_000, structuredOutput: true },
  prices: {},
  budgets: { pods: {}, phases: {} },
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
    prices: checkPrices(o.prices),
    budgets: checkBudgets(o.budgets),
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
  return buildConfigFromNxJson(parseNxJson(text, file));
}

/**
 * The taskpod plugin options of an nx.json already read (an executor's `context.nxJsonConfiguration`:
 * the options Nx gave the graph), over the defaults; no taskpod entry gets defaults.
 */
export function buildConfigFromNxJson(nxJson: { plugins?: unknown }): TaskpodConfig {
  const entry = findPluginEntry(nxJson);
  const options = typeof entry === 'object' && entry ? (entry as { options?: Partial<TaskpodConfig> }).options : undefined;
  return buildConfig(options);
}

/** nx.json's text as an object; an error naming the file when it is not a JSON object. */
export function parseNxJson(text: string, file: string): { plugins?: unknown } & Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not valid JSON: ${(error as Error).message}`, {}, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError(`${file} is not a JSON object.`, {
      expected: 'an object such as { "plugins": [] }',
      received: JSON.stringify(value),
    });
  }
  return value as Record<string, unknown>;
}
