import { TaskpodError, describeTaskpodError, redactSecrets } from '@taskpod/core';

/**
 * The one place an executor turns an error into text: a TaskpodError's message (with its expected,
 * received and hint when it has them), anything else as an unexpected failure with its stack. Always
 * redacted, because provider and GitHub clients may echo a token back.
 */
export function formatExecutorError(error: unknown, step: string, env: NodeJS.ProcessEnv = process.env): string {
  let text: string;
  if (error instanceof TaskpodError) {
    text = describeTaskpodError(error, env).join('\n');
  } else if (error instanceof Error) {
    text = `Unexpected error in taskpod's \`${step}\` step: ${error.stack ?? error.message}`;
  } else {
    text = `Unexpected error in taskpod's \`${step}\` step: ${String(error)}`;
  }
  return redactSecrets(text, env);
}
