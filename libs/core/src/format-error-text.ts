import { TaskpodError, describeTaskpodError } from './errors';
import { redactSecrets } from './redact-secrets';

/**
 * An error as a person reads it from taskpod: `taskpod: ` and the message, then expected, received
 * and the hint, secrets redacted; the stack only under TASKPOD_DEBUG or for an unexpected error.
 * The CLI prints this on stderr and the MCP server returns it as a tool error, so both say the same.
 */
export function formatErrorText(error: unknown, env: NodeJS.ProcessEnv): string {
  const prefix = 'taskpod: ';
  if (error instanceof TaskpodError) {
    const lines = describeTaskpodError(error, env);
    lines[0] = `${prefix}${lines[0]}`;
    if (env.TASKPOD_DEBUG && error.stack) lines.push(error.stack);
    return redactSecrets(lines.join('\n'), env);
  }
  const err = error as Error;
  return redactSecrets(`${prefix}unexpected error: ${err?.stack ?? String(error)}`, env);
}
