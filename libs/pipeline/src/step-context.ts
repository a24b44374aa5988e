import type { Task, TaskpodConfig } from '@taskpod/core';
import { UserError } from '@taskpod/core';
import type { CallProgress } from './call-progress';

/** What every pipeline step is handed: the workspace and the outside world, so tests control them. */
export interface StepContext {
  /** Absolute path of the Nx workspace (the repository root). */
  root: string;
  config: TaskpodConfig;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** Progress lines for humans; steps never print directly. */
  log: (line: string) => void;
  /** Model calls as they start and end, for a live view; absent: nobody is watching. */
  progress?: CallProgress;
}

/** Where git runs for a step: the workspace, with the step's env (so GIT_* settings given to a step reach git). */
export const workspaceGit = (ctx: Pick<StepContext, 'root' | 'env'>) => ({ cwd: ctx.root, env: ctx.env });

export function createStepContext(root: string, config: TaskpodConfig, overrides: Partial<StepContext> = {}): StepContext {
  return { root, config, env: process.env, now: () => new Date(), log: () => {}, ...overrides };
}

/** What a step does for a task in this status (docs/promises.md, "Status decides what a target does"). */
export type StatusDecision = 'run' | 'skip-done';

/** What every step's options say about the status rule. */
export interface StatusRule {
  /** Run a `done` task again. */
  force?: boolean;
  /** The decision the step runner already made for this task (runTaskStep): the step does not make it again. */
  decided?: StatusDecision;
}

/** The runner's decision when it made one, else the step's own (a step called directly). */
export function decisionFor(task: Task, step: string, rule: StatusRule): StatusDecision {
  return rule.decided ?? decideByStatus(task, step, rule.force === true);
}

/** `ready`, `in_progress` and `failed` run; `done` is a no-op unless forced; anything else fails. */
export function decideByStatus(task: Task, step: string, force = false): StatusDecision {
  if (task.status === 'done') return force ? 'run' : 'skip-done';
  if (task.status === 'ready' || task.status === 'in_progress' || task.status === 'failed') return 'run';
  throw new UserError(
    `Task ${task.id} is not ready: its status is \`${task.status}\` (${task.source.file}:${task.source.line}), so \`${step}\` will not run it.`,
    {
      expected: 'status ready, in_progress or failed',
      received: task.status,
      hint: `Set \`status: ready\` in ${task.source.file} to run it.`,
    },
  );
}
