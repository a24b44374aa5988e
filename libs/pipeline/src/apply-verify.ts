import { UserError, redactSecrets } from '@taskpod/core';

const OUTPUT_TAIL = 4000;

/**
 * Runs the configured verify commands (argument arrays) in the apply worktree, in order; the first
 * failure is a UserError carrying the end of its output, raised before anything is committed or pushed.
 */
export async function runVerifyCommands(commands: string[][], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
  // Loaded only when there are commands: every apply batch loads this module, few configure verify.
  const { execa } = await import('execa');
  for (const [index, command] of commands.entries()) {
    if (!Array.isArray(command) || command.length === 0 || command.some((part) => typeof part !== 'string')) {
      throw new UserError(`verify[${index}] in the taskpod plugin options must be a non-empty array of strings.`, {
        expected: 'e.g. ["npm", "test"]',
        received: JSON.stringify(command),
      });
    }
    const result = await execa(command[0]!, command.slice(1), {
      cwd,
      env,
      extendEnv: false,
      reject: false,
      all: true,
      timeout: timeoutMs,
      stdin: 'ignore',
    });
    if (result.exitCode === 0) continue;
    const output = String(result.all ?? '').trim();
    const tail = output.length > OUTPUT_TAIL ? `...${output.slice(-OUTPUT_TAIL)}` : output;
    const why = result.timedOut
      ? `timed out after ${timeoutMs} ms`
      : result.exitCode === undefined
        ? result.shortMessage
        : `exited ${result.exitCode}`;
    throw new UserError(
      redactSecrets(
        `Verify command \`${command.join(' ')}\` ${why} in the apply worktree; nothing was committed or pushed.${tail ? `\n${tail}` : ''}`,
        env,
      ),
      { hint: "Fix the task's output (or the verify command in nx.json), then run apply again." },
    );
  }
}
