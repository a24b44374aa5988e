import { TaskpodError, UserError, redactSecrets } from '@taskpod/core';

/**
 * The one place an executor turns an error into text: a TaskpodError's message (with its expected,
 * received and hint when it has them), anything else as an unexpected failure with its stack. Always
 * redacted, because provider and GitHub clients may echo a token back.
 */
export function formatExecutorError(error: unknown, step: string, env: NodeJS.ProcessEnv = process.env): string {
  let text: string;
  if (error instanceof UserError) {
    const { expected, received, hint } = error.details;
    text = [error.message, expected && `  expected: ${expected}`, received && `  received: ${received}`, hint && `  ${hint}`].filter(Boolean).join('\n');
  } else if (error instanceof TaskpodError) {
    text = error.message;
  } else if (error instanceof Error) {
    text = `Unexpected error in taskpod's \`${step}\` step: ${error.stack ?? error.message}`;
  } else {
    text = `Unexpected error in taskpod's \`${step}\` step: ${String(error)}`;
  }
  return redactSecrets(text, env);
}
