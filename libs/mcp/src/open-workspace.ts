import {
  type Task,
  type TaskpodConfig,
  ValidationError,
  type Workspace,
  errorIssues,
  formatIssue,
  loadTask,
  loadWorkspace,
  readConfig,
} from '@taskpod/core';
import { type StepContext, createStepContext } from '@taskpod/pipeline';
import { type StepName, type StepOutcome, normalizeStepOptions, runTaskStep } from '@taskpod/pipeline/run-task-step';
import type { McpSession } from './mcp-session';

/**
 * The workspace as a command sees it, read afresh for every call (the agent and the user edit it
 * between calls): invalid task files throw one ValidationError; warnings go to the server's log.
 */
export async function openWorkspace(session: McpSession): Promise<Workspace & { config: TaskpodConfig }> {
  const config = readConfig(session.root);
  const workspace = await loadWorkspace(session.root, config);
  const errors = errorIssues(workspace.issues);
  if (errors.length > 0) throw new ValidationError(errors);
  for (const issue of workspace.issues) session.log(`taskpod: warning: ${formatIssue(issue)}`);
  return { ...workspace, config };
}

/** One task and a step context for it, as the one-task commands (`prompt`, `patch`, `apply`, `log`) open it. */
export async function openTask(session: McpSession, id: string): Promise<{ task: Task; ctx: StepContext }> {
  const config = readConfig(session.root);
  const task = await loadTask(session.root, config, id);
  const ctx = createStepContext(session.root, config, { env: session.env, now: session.now, log: session.log });
  return { task, ctx };
}

/**
 * A tool that is one of `run`'s steps (`render_prompt`, `make_patch`, `apply_task`, `log_task`) goes
 * through the step runner the CLI commands and the Nx executors call: its input validated under the
 * step's option names, the task read once and its status decided once.
 */
export async function runToolStep<S extends StepName>(session: McpSession, step: S, id: string, input: object): Promise<StepOutcome<S>> {
  const options = normalizeStepOptions(step, input, { name: (option) => `the \`${option}\` input` }, session.env);
  const outcome = await runTaskStep(step, { root: session.root, id }, options, { env: session.env, log: session.log, now: session.now });
  // The runner skipped the step, so the step's own "nothing to do" line goes to the log from here.
  if (outcome.decision === 'skip-done') session.log(`${outcome.task.id} is done; ${step} has nothing to do.`);
  return outcome;
}
