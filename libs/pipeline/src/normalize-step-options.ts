import { UsageError } from '@taskpod/core';

/** The steps a task goes through, and `prompt`, which previews the run step's request. */
export type StepName = 'run' | 'patch' | 'apply' | 'log' | 'prompt';

/** Each step's options once validated: every field set, so no step reads a raw flag again. */
export interface StepOptionsOf {
  run: { fresh: boolean; force: boolean };
  patch: { staged: boolean; force: boolean };
  /** `overwrite` absent: the `overwrite` plugin option decides. */
  apply: { into: 'worktree' | 'current'; push: boolean; pr: boolean; overwrite?: boolean; force: boolean };
  log: { force: boolean };
  prompt: { offline: boolean };
}

/** How the caller's options are named in an error, and what follows the error. */
export interface OptionNaming {
  /** `--into` on the command line, ``the `into` option`` of an executor. */
  name: (option: string) => string;
  /** Appended to the error: a command's usage. */
  help?: string;
}

/** An executor's options, named as project.json and nx.json write them. */
export const EXECUTOR_OPTION_NAMING: OptionNaming = { name: (option) => `the \`${option}\` option` };

/**
 * Turns raw options (an executor's, or a command's flags mapped to the same names) into the step's
 * validated options, once, at the entry point (execa's normalizeOptions): a wrong value is a
 * UsageError naming the option as the caller wrote it. `env` carries `taskpod run --fresh`
 * (TASKPOD_FRESH) to every run target of the graph. Unknown keys are left to the caller's parser
 * (commander, Nx's schema), which already name them.
 */
export function normalizeStepOptions<S extends StepName>(
  step: S,
  options: object,
  naming: OptionNaming,
  env: NodeJS.ProcessEnv = {},
): StepOptionsOf[S] {
  const raw = options as Record<string, unknown>;
  const flag = (option: string) => readBoolean(raw, option, naming);
  const byStep: { [K in StepName]: () => StepOptionsOf[K] } = {
    run: () => ({ fresh: flag('fresh') === true || env.TASKPOD_FRESH === '1', force: flag('force') === true }),
    patch: () => ({ staged: flag('staged') === true, force: flag('force') === true }),
    apply: () => {
      const overwrite = flag('overwrite');
      return {
        into: readInto(raw.into, naming),
        push: flag('push') !== false,
        pr: flag('pr') !== false,
        ...(overwrite === undefined ? {} : { overwrite }),
        force: flag('force') === true,
      };
    },
    log: () => ({ force: flag('force') === true }),
    prompt: () => ({ offline: flag('offline') === true }),
  };
  return byStep[step]();
}

function readBoolean(raw: Record<string, unknown>, option: string, naming: OptionNaming): boolean | undefined {
  const value = raw[option];
  if (value === undefined || typeof value === 'boolean') return value;
  throw usageError(`Expected ${naming.name(option)} to be a boolean, got \`${String(value)}\` (${typeof value}).`, naming, {
    expected: 'true or false',
    received: String(value),
  });
}

function readInto(value: unknown, naming: OptionNaming): 'worktree' | 'current' {
  if (value === undefined) return 'worktree';
  if (value === 'worktree' || value === 'current') return value;
  const named = naming.name('into');
  throw usageError(`${named.charAt(0).toUpperCase()}${named.slice(1)} takes \`current\`.`, naming, {
    expected: 'current',
    received: String(value),
  });
}

function usageError(message: string, naming: OptionNaming, details: { expected: string; received: string }): UsageError {
  return new UsageError(naming.help ? `${message}\n\n${naming.help}` : message, details);
}
