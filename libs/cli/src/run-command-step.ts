import { UsageError } from '@taskpod/core';
import { type StepName, type StepOutcome, type StepServices, normalizeStepOptions, runTaskStep } from '@taskpod/pipeline/run-task-step';
import type { CliIo, ParsedArgs } from './command';
import { findWorkspaceRoot } from './find-workspace-root';

/** Flags whose name is not the option's: `--no-push` sets `push: false`. */
const FLAG_OF: Record<string, string> = { push: '--no-push', pr: '--no-pr' };

/**
 * What every one-task command (`prompt`, `patch`, `apply`, `log`) does through the step runner:
 * its flags validated (`options`: the flags under the step's option names; errors name the flag and
 * end with the command's help), exactly one id, the workspace found from cwd, and the step run with
 * its progress on stderr. Usage errors come before any file is read.
 */
export async function runCommandStep<S extends StepName>(
  step: S,
  help: string,
  args: ParsedArgs,
  io: CliIo,
  options: Record<string, unknown> = args.values,
  services: StepServices = {},
): Promise<StepOutcome<S>> {
  const validated = normalizeStepOptions(step, options, { name: (option) => `\`${FLAG_OF[option] ?? `--${option}`}\``, help }, io.env);
  if (args.positionals.length !== 1) {
    throw new UsageError(`\`taskpod ${step}\` takes exactly one task id.\n\n${help}`, {
      received: args.positionals.join(' ') || 'nothing',
    });
  }
  const [id] = args.positionals as [string];
  const root = findWorkspaceRoot(io.cwd);
  return runTaskStep(step, { root, id }, validated, { env: io.env, log: (line) => io.stderr(`${line}\n`) }, services);
}
