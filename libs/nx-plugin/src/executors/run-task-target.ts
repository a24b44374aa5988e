import type { ExecutorContext } from '@nx/devkit';
import {
  EXECUTOR_OPTION_NAMING,
  type OpenedStep,
  type StepTaskSource,
  normalizeStepOptions,
  openTaskStep,
} from '@taskpod/pipeline/run-task-step';
import { formatExecutorError } from './format-executor-error';
import { progressSink } from './progress-sink';

export interface TargetIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

export type TargetStep = 'run' | 'patch' | 'apply' | 'log';

const processIo: TargetIo = { out: (line) => console.log(line), err: (line) => console.error(line), env: process.env };

/**
 * What the four executors share, around the step runner (runTaskStep): the options validated, the
 * task read and its status decided (a `done` task is a no-op unless forced; a task that is not ready
 * fails), the step called, and any error turned into one redacted message and `{ success: false }`.
 */
export async function runTaskTarget<S extends TargetStep>(
  step: S,
  options: object,
  context: ExecutorContext,
  /** Calls the opened step; its result line, or null when the step's own progress lines already said it all. */
  call: (opened: OpenedStep<S>) => Promise<string | null>,
  io: TargetIo = processIo,
): Promise<{ success: boolean }> {
  try {
    const validated = normalizeStepOptions(step, options, EXECUTOR_OPTION_NAMING, io.env);
    const opened = await openTaskStep(step, stepSourceOf(context, step), validated, {
      env: io.env,
      log: io.out,
      progress: progressSink(io.env),
    });
    if (opened.decision === 'skip-done') {
      io.out(`${opened.task.id} is done: \`${step}\` has nothing to do (pass --force to run it again).`);
      return { success: true };
    }
    const line = await call(opened);
    if (line !== null) io.out(line);
    if (step === 'log') await (await import('@taskpod/core/records')).clearFailureRecord(context.root, opened.task.id);
    return { success: true };
  } catch (error) {
    const message = formatExecutorError(error, step, io.env);
    io.err(message);
    await recordFailure(context, step, message);
    return { success: false };
  }
}

/** The task of the project Nx runs the target of, and the nx.json Nx read (the options the graph was built with). */
function stepSourceOf(context: ExecutorContext, step: string): StepTaskSource {
  const id = context.projectName;
  const project = id ? context.projectsConfigurations?.projects[id] : undefined;
  if (!id || !project) throw new Error(`the ${step} executor runs only as a target of a taskpod task project`);
  return {
    root: context.root,
    project: { name: id, root: project.root },
    ...(context.nxJsonConfiguration ? { nxJson: context.nxJsonConfiguration } : {}),
  };
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
