import type { ExecutorContext } from '@nx/devkit';
import { ClaimedElsewhereError, readConfig, type Task } from '@taskpod/core';
import type { StepContext } from '@taskpod/pipeline';
import { formatExecutorError } from './format-executor-error';
import { progressSink } from './progress-sink';
import { readCurrentTask } from './read-current-task';

export interface TargetIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

const processIo: TargetIo = { out: (line) => console.log(line), err: (line) => console.error(line), env: process.env };

/**
 * What the four executors share: read the task as it is now, apply the status rule (a `done` task is
 * a no-op unless forced; a task that is not ready fails), call the pipeline step, and turn any error
 * into one redacted message and `{ success: false }`.
 */
export async function runTaskTarget(
  step: 'run' | 'patch' | 'apply' | 'log',
  options: { force?: boolean },
  context: ExecutorContext,
  /** The step; its result line, or null when the step's own progress lines already said it all. */
  call: (ctx: StepContext, task: Task) => Promise<string | null>,
  io: TargetIo = processIo,
): Promise<{ success: boolean }> {
  try {
    const id = context.projectName;
    const project = id ? context.projectsConfigurations?.projects[id] : undefined;
    if (!id || !project) throw new Error(`the ${step} executor runs only as a target of a taskpod task project`);
    const config = readConfig(context.root);
    const task = readCurrentTask(context.root, project.root, id, config.tasksGlob, config.statusAliases);
    // Checked before the pipeline (model, git and GitHub clients) is loaded: a run over a backlog
    // passes through every done task of earlier phases, and each should cost a file read, no more.
    if (task.status === 'done' && options.force !== true) {
      io.out(`${id} is done: \`${step}\` has nothing to do (pass --force to run it again).`);
      return { success: true };
    }
    // Each executor loads only its own step module, not the pipeline's index: a task process should not
    // pay for loading the model, git and GitHub clients of the steps it does not run.
    const { createStepContext, decideByStatus } = await import('@taskpod/pipeline/step-context');
    decideByStatus(task, step, options.force === true); // throws, saying why, for a task that is not ready
    const ctx = createStepContext(context.root, config, { env: io.env, log: io.out, progress: progressSink(io.env) });
    const line = await call(ctx, task);
    if (line !== null) io.out(line);
    if (step === 'log') await (await import('@taskpod/core/records')).clearFailureRecord(context.root, id);
    return { success: true };
  } catch (error) {
    // Another runner holds the task: a skip, not a failure (no failure record, no claim of ours to release).
    // Still `success: false`, so Nx neither caches this run nor goes on to patch, apply and log.
    if (error instanceof ClaimedElsewhereError) {
      io.out(error.message);
      return { success: false };
    }
    const message = formatExecutorError(error, step, io.env);
    io.err(message);
    await recordFailure(context, step, message);
    await releaseClaimAfterFailure(context, io);
    return { success: false };
  }
}

/** Best effort: the failure is already printed; the record only lets `taskpod run` summarise it. */
async function recordFailure(context: ExecutorContext, step: string, message: string): Promise<void> {
  const id = context.projectName;
  if (!id || !context.projectsConfigurations?.projects[id]) return;
  try {
    const { writeFailureRecord } = await import('@taskpod/core/records');
    await writeFailureRecord(context.root, { task_id: id, target: step, message, at: new Date().toISOString() });
  } catch {
    // A task whose records cannot be written has a bigger problem, and it was just printed.
  }
}

/** A failed step lets go of the task's claim on origin at once, so another runner may try without waiting for the lease. */
async function releaseClaimAfterFailure(context: ExecutorContext, io: TargetIo): Promise<void> {
  const id = context.projectName;
  if (!id || !context.projectsConfigurations?.projects[id]) return;
  try {
    const { releaseClaim } = await import('@taskpod/pipeline/release-claim');
    const warning = await releaseClaim({ root: context.root, env: io.env, now: () => new Date() }, id);
    if (warning) io.err(`taskpod: warning: ${warning}`);
  } catch (error) {
    io.err(`taskpod: warning: could not release the claim of ${id} on origin: ${(error as Error).message}`);
  }
}
