import { formatErrorText } from '@taskpod/core';

/** A tool error carries the text the CLI prints for the same failure, so an agent reads what a person at the terminal would. */
export const formatToolError = (error: unknown, env: NodeJS.ProcessEnv): string => formatErrorText(error, env);
