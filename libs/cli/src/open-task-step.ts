import { UsageError, loadTask, readConfig, type Task } from '@taskpod/core';
import { createStepContext, type StepContext } from '@taskpod/pipeline';
import type { CliIo, ParsedArgs } from './command';
import { findWorkspaceRoot } from './find-workspace-root';

/**
 * What every one-task command (`prompt`, `patch`, `apply`, `log`) starts with: exactly one id, the
 * workspace found from cwd, the task loaded, and a step context whose progress goes to stderr.
 */
export async function openTaskStep(
  command: string,
  help: string,
  args: ParsedArgs,
  io: CliIo,
): Promise<{ id: string; task: Task; ctx: StepContext }> {
  if (args.positionals.length !== 1) {
    throw new UsageError(`\`taskpod ${command}\` takes exactly one task id.\n\n${help}`, {
      received: args.positionals.join(' ') || 'nothing',
    });
  }
  const [id] = args.positionals as [string];
  const root = findWorkspaceRoot(io.cwd);
  const config = readConfig(root);
  const task = await loadTask(root, config, id);
  const ctx = createStepContext(root, config, { env: io.env, log: (line) => io.stderr(`${line}\n`) });
  return { id, task, ctx };
}
