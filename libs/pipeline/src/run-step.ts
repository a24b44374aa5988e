import { mkdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  type ModelReply,
  type RunRecord,
  type Task,
  type TaskpodConfig,
  REPLY_STORE_DIR,
  UserError,
  commandReplacing,
  redactSecretsIn,
  replyPath,
  resolveRealPath,
  taskPaths,
} from '@taskpod/core';
import { writeRunRecord } from '@taskpod/core/records';
import { withAgentWorktree } from '@taskpod/git';
import { type ModelCallLimit, type OpenAI, createProvider, guardReplyPaths, obtainReply } from '@taskpod/llm';
import { reportingCalls } from './call-progress';
import { type BuildRunRequestOptions, buildRunRequest } from './build-run-request';
import { checkBeforePaying } from './check-before-paying';
import { claimTask } from './claim-task';
import { renewingClaim } from './renew-claim';
import { openSharedReplies } from './shared-replies';
import { payForCalls } from './pay-for-calls';
import { type StatusRule, type StepContext, decisionFor, workspaceGit } from './step-context';

export { buildRunRequest, type BuildRunRequestOptions, type RunRequest } from './build-run-request';

export type { ModelCallLimit };

export interface RunStepOptions extends BuildRunRequestOptions, StatusRule {
  /** Ask the model anew even when the reply store has a reply for this request. */
  fresh?: boolean;
  /** Makes the OpenAI client; default from OPENAI_API_KEY / OPENAI_BASE_URL in the context's env. */
  openaiClient?: (env: NodeJS.ProcessEnv, config: TaskpodConfig) => OpenAI;
  /** Limits the model calls of many runs at once (an Nx batch); default no limit. */
  modelCalls?: ModelCallLimit;
}

/**
 * run: render the prompt, get a reply (store or model), guard its paths, write `.patches/<id>/`.
 * Returns the run record, or null when the task is `done` and not forced: then nothing is read,
 * asked or written (a done task is a no-op).
 */
export async function runStep(ctx: StepContext, task: Task, options: RunStepOptions = {}): Promise<RunRecord | null> {
  if (decisionFor(task, 'run', options) === 'skip-done') return null;
  const command = commandReplacing(task);
  if (command !== null) {
    throw new UserError(
      `Task ${task.id} only edits the backlog (task.yaml); a taskpod command does that without a model, so nothing was sent.`,
      {
        hint: `Use \`${command.replace(/<id>/g, task.id)}\` instead.`,
      },
    );
  }
  await checkBeforePaying(ctx, task);
  const started = ctx.now();
  assertPlainPatchFolders(ctx.root, task.id);
  const built = await buildRunRequest(ctx, task, options);
  const { choice, github, warnings } = built;
  // Before anything is paid: another runner of the fleet may hold this task (a skip, not a failure).
  const remote = await claimTask(ctx, task.id, built.key, { fresh: options.fresh });
  const shared = remote ? openSharedReplies(ctx, remote) : undefined;
  const provider = reportingCalls(
    createProvider(choice, {
      root: ctx.root,
      config: ctx.config,
      env: ctx.env,
      openaiClient: options.openaiClient,
      agentWorktree: (work) => withAgentWorktree(workspaceGit(ctx), work),
    }),
    built.request.model,
    ctx.progress,
    ctx.now,
  );
  // The key and hash built with the request are the ones recorded: obtainReply does not compute them again.
  // The claim stays ours for as long as the model (or agent) takes, however long the lease.
  const obtained = await renewingClaim(ctx, task.id, remote, () =>
    obtainReply(ctx.root, built, provider, {
      taskId: task.id,
      fresh: options.fresh,
      now: ctx.now,
      accept: (reply) => guardReplyPaths(ctx.root, task.id, task.outputs, reply),
      pay: payForCalls(ctx, task),
      ...(shared ? { shared } : {}),
      ...(options.modelCalls ? { limit: options.modelCalls } : {}),
    }),
  );
  // A stored reply is checked again: the task's outputs may have changed since it was recorded.
  const reply = obtained.fromStore
    ? guardReplyPaths(ctx.root, task.id, task.outputs, obtained.completion.reply)
    : obtained.completion.reply;
  // The summary comes from a model or an agent, which may echo a credential back.
  const record: RunRecord = redactSecretsIn<RunRecord>(
    {
      task_id: task.id,
      provider: choice.provider,
      model: obtained.completion.model,
      // What this run spent: a reply from the store was paid for when it was recorded, not again now.
      tokens_in: obtained.fromStore ? 0 : obtained.completion.tokensIn,
      tokens_out: obtained.fromStore ? 0 : obtained.completion.tokensOut,
      cost_usd: obtained.fromStore ? 0 : obtained.completion.costUsd,
      duration_s: Math.max(0, (ctx.now().getTime() - started.getTime()) / 1000),
      prompt_hash: obtained.promptHash,
      reply_key: obtained.key,
      from_store: obtained.fromStore,
      summary: reply.summary,
      files: reply.files.map((f) => f.path),
      started_at: started.toISOString(),
      ...(github.length ? { github_memory: github.map((g) => ({ repo: g.repo, ref: g.ref, path: g.path, sha: g.sha })) } : {}),
      ...(warnings.length ? { notes: warnings } : {}),
      ...(reply.reasoning !== undefined ? { reasoning: reply.reasoning } : {}),
      ...(reply.handoff !== undefined ? { handoff: reply.handoff } : {}),
    },
    ctx.env,
  );
  try {
    writeRunFiles(ctx.root, task.id, reply);
    await writeRunRecord(ctx.root, record);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw error;
    // The reply is in the store by now, so every later run would replay this failure: say how to leave it.
    throw new UserError(
      `The reply for task ${task.id} (stored as ${replyPath(obtained.key)}) cannot be written under ${taskPaths(task.id).files}/: ${(error as Error).message}`,
      {
        hint: 'Run again with --fresh to ask the model anew and replace the stored reply.',
      },
      { cause: error },
    );
  }
  return record;
}

/**
 * `.patches/<id>/` and the reply store must be real folders of the workspace (or not exist yet):
 * through a committed symlink at `.patches` or below, the run's writes would land wherever it points.
 * Checked before the model is asked, so a refused run costs nothing.
 */
export function assertPlainPatchFolders(root: string, id: string): void {
  const realRoot = realpathSync.native(root);
  for (const rel of [taskPaths(id).dir, REPLY_STORE_DIR]) {
    const expected = path.join(realRoot, rel);
    const { real } = resolveRealPath(expected);
    if (real === expected) continue;
    throw new UserError(`${rel} resolves to ${real} through a symlink; run writes only into the workspace's own ${rel}/.`, {
      expected: `a plain folder ${rel}/ (or none)`,
      received: real,
      hint: 'Replace the symlink with a folder (or remove it), then run again.',
    });
  }
}

/** Replaces `.patches/<id>/files/` whole: built beside it, then renamed in. */
export function writeRunFiles(root: string, id: string, reply: ModelReply): void {
  const paths = taskPaths(id);
  const filesDir = path.join(root, paths.files);
  const suffix = `${process.pid}-${Date.now()}`;
  const staging = `${filesDir}.new-${suffix}`;
  const retired = `${filesDir}.old-${suffix}`;
  mkdirSync(staging, { recursive: true });
  try {
    for (const file of reply.files) {
      const target = path.join(staging, file.path);
      mkdirSync(path.dirname(target), { recursive: true });
      // The staging folder is new, so nothing may exist yet: `wx` never follows or overwrites anything.
      writeFileSync(target, file.content, { flag: 'wx' });
    }
    try {
      renameSync(filesDir, retired);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    renameSync(staging, filesDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(retired, { recursive: true, force: true });
  }
}
