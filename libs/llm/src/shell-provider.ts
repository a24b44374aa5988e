import { execa } from 'execa';
import { ProviderError, redactSecrets } from '@taskpod/core';
import { withPaidCall } from './paid-failure';
import { parseReplyText } from './parse-reply-text';
import { type ModelPrice, computeCostUsd } from './prices';
import { type ToolUsage, readToolUsage } from './read-tool-usage';
import type { Completion, CompletionInfo, ModelRequest, PaidCall, Provider, WithAgentWorktree } from './types';

export interface ShellProviderOptions {
  /** Gives the agent a worktree of the workspace's HEAD to edit, and reads its edits back. */
  worktree: WithAgentWorktree;
  /** The agent as an argument array, e.g. `["claude", "-p"]`; never a shell string. */
  command: string[];
  timeoutMs: number;
  /** Environment of the agent (it may need its own keys); also used to redact errors. */
  env: NodeJS.ProcessEnv;
  /** `prices` of the plugin options, for a tool that reports tokens but no cost. */
  prices?: Record<string, ModelPrice>;
}

/** Any command-line AI tool: the prompt on stdin, run in a temporary worktree of HEAD. */
export function createShellProvider(options: ShellProviderOptions): Provider {
  const { worktree, command, timeoutMs, env } = options;
  if (command.length === 0 || command.some((part) => typeof part !== 'string')) {
    throw new ProviderError(
      `The shell provider needs a command as an array of strings (pods.<pod>.command or shell.command in the taskpod plugin options), got ${JSON.stringify(command)}.`,
      'shell',
    );
  }
  return {
    name: 'shell',
    complete: (request: ModelRequest, info: CompletionInfo) =>
      worktree(async ({ dir, readEdits }): Promise<Completion> => {
        const prompt = request.messages.map((m) => m.content).join('\n\n');
        const result = await execa(command[0], command.slice(1), {
          cwd: dir,
          input: prompt,
          timeout: timeoutMs,
          reject: false,
          env,
          extendEnv: false,
          forceKillAfterDelay: 1000,
        });
        const stdout = String(result.stdout ?? '');
        const used = paidCallOf(readToolUsage(stdout), request.model, options.prices);
        // An agent that ran (even one that failed or timed out) may have paid its model: the error carries that.
        const fail = (why: string, ran = true) => {
          const stderr = String(result.stderr ?? '').trim();
          const message = `The shell agent \`${command.join(' ')}\` for task ${info.taskId} ${why}${stderr ? `\n  stderr: ${stderr.slice(-2000)}` : ''}`;
          const error = new ProviderError(redactSecrets(message, env), 'shell', undefined, { cause: result });
          return ran ? withPaidCall(error, used) : error;
        };
        if (result.timedOut) throw fail(`timed out after ${timeoutMs} ms (shell.timeoutMs).`);
        if (result.failed)
          throw result.exitCode === undefined
            ? fail(`could not run: ${result.shortMessage}`, false)
            : fail(`exited with code ${result.exitCode}.`);
        const parsed = parseReplyText(stdout);
        // The summary is recorded (store, run.json, logs): the agent's output may echo its own key.
        const reply = parsed.reply ?? { summary: redactSecrets(summaryOf(stdout, command), env), files: await readEdits() };
        if (!parsed.reply && reply.files.length === 0) throw fail('made no edits and printed no JSON reply on stdout.');
        return { reply, ...used };
      }),
  };
}

/**
 * What the agent used, as it reported it: its own cost, else its tokens at the model's price. An
 * agent that reports nothing has an unknown cost (null), never $0.
 */
function paidCallOf(usage: ToolUsage | null, requested: string, prices: Record<string, ModelPrice> | undefined): PaidCall {
  if (!usage) return { tokensIn: 0, tokensOut: 0, model: requested, costUsd: null };
  const model = usage.model ?? requested;
  return {
    tokensIn: usage.tokensIn,
    tokensOut: usage.tokensOut,
    model,
    costUsd: usage.costUsd ?? computeCostUsd(model, usage.tokensIn, usage.tokensOut, prices),
  };
}

/** The agent's last stdout line is the best summary it gives when it edits files instead of replying. */
function summaryOf(stdout: string, command: string[]): string {
  const lines = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.at(-1) ?? `Edits made by ${command[0]}`).slice(0, 500);
}
