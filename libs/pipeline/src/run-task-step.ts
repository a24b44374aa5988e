import {
  type ApplyRecord,
  type PatchMeta,
  type RunRecord,
  type Task,
  InternalError,
  buildConfigFromNxJson,
  loadTask,
  readConfig,
} from '@taskpod/core';
import type { Octokit } from '@taskpod/github';
import type { ModelCallLimit } from '@taskpod/llm';
import type { PendingPublish } from './apply-publish';
import type { BatchReads } from './batch-reads';
import type { BuildRunRequestOptions } from './build-run-request';
import type { CallProgress } from './call-progress';
import type { LogStepOptions, LogStepResult } from './log-step';
import type { StepName, StepOptionsOf } from './normalize-step-options';
import type { RunRequestPreview } from './preview-run-request';
import { readCurrentTask } from './read-current-task';
import type { RunStepOptions } from './run-step';
import { type StatusDecision, type StepContext, createStepContext, decideByStatus } from './step-context';

export {
  EXECUTOR_OPTION_NAMING,
  normalizeStepOptions,
  type OptionNaming,
  type StepName,
  type StepOptionsOf,
} from './normalize-step-options';

/** Where a step's task comes from. */
export type StepTaskSource =
  /** An executor: Nx names the project (the task id) and its root, and hands over the nx.json it read. */
  | { root: string; project: { name: string; root: string }; nxJson?: { plugins?: unknown } }
  /** A command: the workspace root and the id the user typed. */
  | { root: string; id: string };

/** Where a step's lines go, and the outside world it is given. */
export interface StepIo {
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  progress?: CallProgress;
  now?: () => Date;
}

/** What a caller hands a step that is not an option: clients, a batch's limits and deferred publishing. */
export interface StepServices {
  openaiClient?: RunStepOptions['openaiClient'];
  githubClient?: BuildRunRequestOptions['githubClient'];
  modelCalls?: ModelCallLimit;
  /** apply's GitHub client. */
  github?: Octokit;
  deferPublish?: (pending: PendingPublish) => void;
  /** Reads shared by the patches or applies of one Nx batch (base revision, branch tips). */
  batchReads?: BatchReads;
  /** log's claim release, handed to the batch (see LogStepOptions). */
  deferRelease?: LogStepOptions['deferRelease'];
}

export interface StepResultOf {
  run: RunRecord;
  patch: PatchMeta;
  apply: ApplyRecord;
  log: LogStepResult;
  prompt: RunRequestPreview;
}

/** A step with its task read and its status decided, ready to call. */
export interface OpenedStep<S extends StepName> {
  step: S;
  task: Task;
  ctx: StepContext;
  options: StepOptionsOf[S];
  decision: StatusDecision;
}

/** The step's result, or `skip-done` with none for a `done` task (never for `prompt`, which previews any status). */
export type StepOutcome<S extends StepName> = OpenedStep<S> &
  ({ decision: 'run'; result: StepResultOf[S] } | (S extends 'prompt' ? never : { decision: 'skip-done'; result: null }));

/**
 * The one entry of every step, for the CLI and the executors alike: the config (from the nx.json
 * Nx read, when there is one), the task read once, its status decided once, then the step's module
 * loaded and called with the options the caller validated (normalizeStepOptions). A `done` task is
 * `skip-done` and loads no step: a run over a backlog passes through every done task of earlier
 * phases, and each should cost a file read, no more.
 */
export async function runTaskStep<S extends StepName>(
  step: S,
  source: StepTaskSource,
  options: StepOptionsOf[S],
  io: StepIo,
  services: StepServices = {},
): Promise<StepOutcome<S>> {
  const opened = await openTaskStep(step, source, options, io);
  if (opened.decision === 'skip-done') return { ...opened, decision: 'skip-done', result: null } as StepOutcome<S>;
  return { ...opened, decision: 'run', result: await callTaskStep(opened, services) };
}

/** runTaskStep up to the call: config, task and status decision (a task that is not ready throws, saying why). */
export async function openTaskStep<S extends StepName>(
  step: S,
  source: StepTaskSource,
  options: StepOptionsOf[S],
  io: StepIo,
): Promise<OpenedStep<S>> {
  const config = 'project' in source && source.nxJson ? buildConfigFromNxJson(source.nxJson) : readConfig(source.root);
  // An executor reads only its project's file (Nx validated the whole backlog to build the graph);
  // a command validates the whole backlog, as the graph would.
  const task =
    'project' in source
      ? readCurrentTask(source.root, source.project.root, source.project.name, config.tasksGlob, config.statusAliases)
      : await loadTask(source.root, config, source.id);
  // `prompt` previews a task in any status.
  const decision = step === 'prompt' ? 'run' : decideByStatus(task, step, (options as { force?: boolean }).force === true);
  const ctx = createStepContext(source.root, config, {
    env: io.env,
    log: io.log,
    ...(io.progress ? { progress: io.progress } : {}),
    ...(io.now ? { now: io.now } : {}),
  });
  return { step, task, ctx, options, decision };
}

/** Loads the opened step's module (only it: a task process pays for no other step's clients) and calls it. */
export async function callTaskStep<S extends StepName>(opened: OpenedStep<S>, services: StepServices = {}): Promise<StepResultOf[S]> {
  const call = STEP_CALLS[opened.step] as unknown as StepCall<S>;
  return call(opened.ctx, opened.task, opened.options, services);
}

type StepCall<S extends StepName> = (
  ctx: StepContext,
  task: Task,
  options: StepOptionsOf[S],
  services: StepServices,
) => Promise<StepResultOf[S]>;

// `decided: 'run'` tells each step the status is decided: it does not decide again.
const STEP_CALLS: { [S in StepName]: StepCall<S> } = {
  run: async (ctx, task, options, { openaiClient, githubClient, modelCalls }) => {
    const { runStep } = await import('./run-step.js');
    return ran('run', await runStep(ctx, task, { ...options, decided: 'run', ...defined({ openaiClient, githubClient, modelCalls }) }));
  },
  patch: async (ctx, task, options, { batchReads }) =>
    ran('patch', await (await import('./patch-step.js')).patchStep(ctx, task, { ...options, decided: 'run', ...defined({ batchReads }) })),
  apply: async (ctx, task, options, { github, deferPublish, batchReads }) => {
    const { applyStep } = await import('./apply-step.js');
    return ran('apply', await applyStep(ctx, task, { ...options, decided: 'run', ...defined({ github, deferPublish, batchReads }) }));
  },
  log: async (ctx, task, options, { deferRelease }) =>
    (await import('./log-step.js')).logStep(ctx, task, { ...options, decided: 'run', ...defined({ deferRelease }) }),
  prompt: async (ctx, task, options, { githubClient }) =>
    (await import('./preview-run-request.js')).previewRunRequest(ctx, task, { ...options, ...defined({ githubClient }) }),
};

function ran<T>(step: string, result: T | null): T {
  if (result === null) throw new InternalError(`the ${step} step skipped a task the step runner decided to run`);
  return result;
}

/** The fields that are set: a step's own defaults apply to the others. */
function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
