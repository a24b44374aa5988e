import { type RunRecord, type Task, UserError, commandReplacing, redactSecretsIn } from '@taskpod/core';
import { guardReplyPaths, replyProblem, toModelReply } from '@taskpod/llm';
import { previewRunRequest } from './preview-run-request';
import { checkBeforePaying } from './check-before-paying';
import { writeRunRecord } from '@taskpod/core/records';
import { assertPlainPatchFolders, writeRunFiles } from './run-step';
import { type StepContext, decideByStatus } from './step-context';

/** The request an agent was shown (`render_prompt`), so the record names what the work answers. */
export interface SeenRequest {
  key: string;
  promptHash: string;
  at: Date;
}

export interface SubmitStepOptions {
  /** Who did the work, as the run record's `provider` (`mcp`). */
  provider: string;
  /** The agent's client, recorded as `client` and as the record's `model`. */
  client: { name: string; version: string | null };
  /**
   * The request the agent was shown; without it the request is built now as `render_prompt` (and
   * `taskpod prompt`) would show it: live GitHub memory listed, not fetched, without a token.
   */
  seen?: SeenRequest;
  /** Take work for a `done` task too. */
  force?: boolean;
}

/**
 * run, with the reply handed in by an agent instead of asked of a model: the same reply contract,
 * the same path guard and the same `.patches/<id>/files/` and run.json, so patch, apply and log
 * cannot tell the two apart. Null when the task is `done` and not forced (nothing is written).
 */
export async function submitStep(ctx: StepContext, task: Task, work: unknown, options: SubmitStepOptions): Promise<RunRecord | null> {
  if (decideByStatus(task, 'submit', options.force === true) === 'skip-done') return null;
  const command = commandReplacing(task);
  if (command !== null) {
    throw new UserError(`Task ${task.id} only edits the backlog (task.yaml); a taskpod command does that, so nothing was written.`, {
      hint: `Use \`${command.replace(/<id>/g, task.id)}\` instead.`,
    });
  }
  const problem = replyProblem(work);
  if (problem) {
    throw new UserError(`The work submitted for task ${task.id} ${problem}; nothing was written.`, {
      expected: '{ summary: string, files: [{ path, content }] }',
    });
  }
  await checkBeforePaying(ctx, task);
  assertPlainPatchFolders(ctx.root, task.id);
  const reply = guardReplyPaths(ctx.root, task.id, task.outputs, toModelReply(work as Parameters<typeof toModelReply>[0]));
  const seen = options.seen ?? (await requestNow(ctx, task));
  const now = ctx.now();
  // The summary and texts come from an agent, which may echo a credential back.
  const record = redactSecretsIn<RunRecord>(
    {
      task_id: task.id,
      provider: options.provider,
      model: options.client.name,
      // The agent's own spend is its client's to count; taskpod paid for nothing.
      tokens_in: 0,
      tokens_out: 0,
      // What the agent's own model calls cost is not known here.
      cost_usd: null,
      duration_s: Math.max(0, (now.getTime() - seen.at.getTime()) / 1000),
      prompt_hash: seen.promptHash,
      reply_key: seen.key,
      from_store: false,
      summary: reply.summary,
      files: reply.files.map((f) => f.path),
      started_at: seen.at.toISOString(),
      client: options.client,
      ...(reply.reasoning !== undefined ? { reasoning: reply.reasoning } : {}),
      ...(reply.handoff !== undefined ? { handoff: reply.handoff } : {}),
    },
    ctx.env,
  );
  writeRunFiles(ctx.root, task.id, reply);
  await writeRunRecord(ctx.root, record);
  return record;
}

async function requestNow(ctx: StepContext, task: Task): Promise<SeenRequest> {
  const built = await previewRunRequest(ctx, task);
  return { key: built.key, promptHash: built.promptHash, at: ctx.now() };
}
