import { TaskpodError, describeTaskpodError, redactSecrets } from '@taskpod/core';

/**
 * An error as `taskpod` prints it on stderr (libs/cli main's formatError): `taskpod: ` and the
 * message, then expected, received and the hint, secrets redacted. A tool error carries this text,
 * so an agent reads what a person at the terminal would.
 */
export function formatToolError(error: unknown, env: NodeJS.ProcessEnv): string {
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
