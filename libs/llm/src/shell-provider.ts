import { execa } from 'execa';
import { ProviderError, redactSecrets } from '@taskpod/core';
import { parseReplyText } from './parse-reply-text';
import type { Completion, CompletionInfo, ModelRequest, Provider, WithAgentWorktree } from './types';

export interface ShellProviderOptions {
  /** Gives the agent a worktree of the workspace's HEAD to edit, and reads its edits back. */
  worktree: WithAgentWorktree;
  /** The agent as an argument array, e.g. `["claude", "-p"]`; never a shell string. */
  command: string[];
  timeoutMs: number;
  /** Environment of the agent (it may need its own keys); also used to redact errors. */
  env: NodeJS.ProcessEnv;
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
        const fail = (why: string) => {
          const stderr = String(result.stderr ?? '').trim();
          const message = `The shell agent \`${command.join(' ')}\` for task ${info.taskId} ${why}${stderr ? `\n  stderr: ${stderr.slice(-2000)}` : ''}`;
          return new ProviderError(redactSecrets(message, env), 'shell', undefined, { cause: result });
        };
        if (result.timedOut) throw fail(`timed out after ${timeoutMs} ms (shell.timeoutMs).`);
        if (result.failed)
          throw fail(result.exitCode === undefined ? `could not run: ${result.shortMessage}` : `exited with code ${result.exitCode}.`);
        const stdout = String(result.stdout ?? '');
        const parsed = parseReplyText(stdout);
        // The summary is recorded (store, run.json, logs): the agent's output may echo its own key.
        const reply = parsed.reply ?? { summary: redactSecrets(summaryOf(stdout, command), env), files: await readEdits() };
        if (!parsed.reply && reply.files.length === 0) throw fail('made no edits and printed no JSON reply on stdout.');
        return { reply, tokensIn: 0, tokensOut: 0, model: request.model, costUsd: 0 };
      }),
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
