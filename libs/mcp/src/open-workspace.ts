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
