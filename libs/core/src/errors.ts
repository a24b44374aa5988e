import { redactSecrets } from './redact-secrets';

/** Where a problem sits in a file; every field is optional because not every source knows it. */
export interface Location {
  file?: string;
  line?: number;
  field?: string;
}

/** One validation problem; validators return all of them at once. */
export interface Issue extends Location {
  message: string;
  /** Absent means 'error'; warnings are reported but do not fail a load. */
  severity?: 'error' | 'warning';
}

/** Formats `file:line field: message`, leaving out what is unknown. */
export function formatIssue(issue: Issue): string {
  const where = [issue.file, issue.line].filter((part) => part !== undefined).join(':');
  const field = issue.field ? `${issue.field}: ` : '';
  return where ? `${where}: ${field}${issue.message}` : `${field}${issue.message}`;
}

/** Base of every error taskpod raises on purpose; the CLI and executors format these. */
export class TaskpodError extends Error {
  override name = 'TaskpodError';
  /** Exit code the CLI uses for this error. */
  exitCode = 1;
}

/** The user's input is wrong: says what was expected and what was received. */
export class UserError extends TaskpodError {
  override name = 'UserError';
  constructor(
    message: string,
    readonly details: { expected?: string; received?: string; hint?: string } = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * A taskpod error as lines for people: its message, then what was expected and received and the hint,
 * when it carries them, with every secret redacted. The CLI and the executors both print errors this way.
 */
export function describeTaskpodError(error: TaskpodError, env: Record<string, string | undefined> = process.env): string[] {
  const { expected, received, hint } = error instanceof UserError ? error.details : {};
  const lines = [
    error.message,
    ...(expected ? [`  expected: ${expected}`] : []),
    ...(received ? [`  received: ${received}`] : []),
    ...(hint ? [`  ${hint}`] : []),
  ];
  return lines.map((line) => redactSecrets(line, env));
}

/** Invalid task/memory files: every problem, each with its file and line. */
export class ValidationError extends UserError {
  override name = 'ValidationError';
  constructor(readonly issues: Issue[]) {
    super(
      `${issues.length} problem${issues.length === 1 ? '' : 's'} in the task files:\n` +
        issues.map((issue) => `  ${formatIssue(issue)}`).join('\n'),
    );
  }
}

/** A command-line usage mistake: exit code 2. */
export class UsageError extends UserError {
  override name = 'UsageError';
  override exitCode = 2;
}

/** A git command failed; keeps the command, exit code and stderr. */
export class GitError extends TaskpodError {
  override name = 'GitError';
  constructor(
    message: string,
    readonly command: string[],
    readonly exitCodeOfGit: number | undefined,
    readonly stderr: string,
    options?: ErrorOptions,
  ) {
    super(`${message}\n  git ${command.join(' ')} exited ${exitCodeOfGit ?? '?'}${stderr ? `: ${stderr.trim()}` : ''}`, options);
  }
}

/** A model provider failed (HTTP status when there was one). */
export class ProviderError extends TaskpodError {
  override name = 'ProviderError';
  constructor(
    message: string,
    readonly provider: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * A model call refused before anything was sent: its estimate would pass what is left of a budget,
 * or a budget applies and the model's price is unknown. Exit 1, like every user error.
 */
export class BudgetError extends UserError {
  override name = 'BudgetError';
}

/** A GitHub API call failed (HTTP status when there was one). */
export class GitHubError extends TaskpodError {
  override name = 'GitHubError';
  constructor(
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Another runner holds the task's claim on origin (or delivered it for this very request): this
 * runner skips the task. Not a failure: nothing was paid, nothing is marked failed or logged.
 */
export class ClaimedElsewhereError extends TaskpodError {
  override name = 'ClaimedElsewhereError';
  constructor(
    message: string,
    readonly claim: import('./types').TaskClaim,
  ) {
    super(message);
  }
}

/** A bug in taskpod itself. */
export class InternalError extends TaskpodError {
  override name = 'InternalError';
}
