import { GitHubError, formatIssue, type Issue, type MemoryEntry, type Task, readTaskMemory, resolveInsideWorkspace } from '@taskpod/core';
import type { LiveMemoryFile, Octokit } from '@taskpod/github';
import { type KeyedRequest, type ModelRequest, type ProviderChoice, REPLY_RESPONSE_FORMAT, keyRequest, selectProvider } from '@taskpod/llm';
import { type PromptMessages, buildPromptContext, readPromptInputs, renderPrompt } from '@taskpod/prompt';
import type { StepContext } from './step-context';

export interface BuildRunRequestOptions {
  /** Makes the Octokit for live memory; default from GITHUB_TOKEN / GITHUB_API_URL, null without a token. */
  githubClient?: (env: NodeJS.ProcessEnv) => Octokit | null;
  /** Leave live GitHub memory out (listed in the index, not fetched): for `taskpod prompt --offline`. */
  offline?: boolean;
}

/**
 * Everything `run` sends and why: the request with its reply-store key and prompt hash (computed here
 * once, and carried to obtainReply and run.json), the messages, the provider choice and live memory read.
 */
export interface RunRequest extends KeyedRequest {
  messages: PromptMessages;
  choice: ProviderChoice;
  github: LiveMemoryFile[];
  /** What was expected to be missing and was (also told to the model), and memory file warnings: for the user. */
  warnings: string[];
}

/** GITHUB_TOKEN / GITHUB_API_URL client, or null without a token. */
const defaultGitHubClient =
  (github: typeof import('@taskpod/github')) =>
  (env: NodeJS.ProcessEnv): Octokit | null =>
    github.githubClientFromEnv(env);

/**
 * Reads memory, live GitHub memory, inputs and upstream outputs, renders the prompt and picks the
 * provider: the same request `run` sends and `taskpod prompt` prints. Calls no model.
 */
export async function buildRunRequest(ctx: StepContext, task: Task, options: BuildRunRequestOptions = {}): Promise<RunRequest> {
  // The task's own fields go into the prompt too, so its file obeys the same rule as every other read.
  resolveInsideWorkspace(ctx.root, task.source.file, { field: 'task file', file: task.source.file });
  const memoryWarnings: Issue[] = [];
  const memory = await readTaskMemory(ctx.root, task, memoryWarnings);
  const notes: string[] = [];
  const github = options.offline ? [] : await fetchLiveMemory(ctx, task, memory, options.githubClient, notes);
  const inputs = readPromptInputs(ctx.root, task, { memory, github, notes });
  const messages = renderPrompt(buildPromptContext(task, inputs, { contextBudget: ctx.config.contextBudget }), inputs.template);
  const choice = selectProvider(task, ctx.config, ctx.env);
  const request: ModelRequest = {
    model: choice.model,
    messages: [
      { role: 'system', content: messages.system },
      { role: 'user', content: messages.user },
    ],
    parameters: ctx.config.parameters ?? {},
    response_format: ctx.config.openai.structuredOutput ? REPLY_RESPONSE_FORMAT : null,
  };
  const warnings = [...memoryWarnings.map(formatIssue), ...(inputs.notes ?? []).map((note) => `${task.id}: ${note}`)];
  return { ...keyRequest(request), messages, choice, github, warnings };
}

/**
 * Live entries (those with `repo`) need a token; each failed fetch names its repo, path and ref. The
 * GitHub lib (octokit) is loaded only here, when a task has live memory: most runs never need it.
 */
async function fetchLiveMemory(
  ctx: StepContext,
  task: Task,
  memory: MemoryEntry[],
  makeClient: ((env: NodeJS.ProcessEnv) => Octokit | null) | undefined,
  notes: string[],
): Promise<LiveMemoryFile[]> {
  const live = memory.filter((entry) => entry.repo);
  if (live.length === 0) return [];
  const github = await import('@taskpod/github');
  const octokit = (makeClient ?? defaultGitHubClient(github))(ctx.env);
  if (!octokit) {
    const names = live.map((e) => `${e.repo}:${e.path} (${e.source})`).join(', ');
    throw new GitHubError(
      `Task ${task.id} has live GitHub memory (${names}), but GITHUB_TOKEN is not set. Set GITHUB_TOKEN (and GITHUB_API_URL for GitHub Enterprise), or remove \`repo\` from those entries.`,
    );
  }
  const files: LiveMemoryFile[] = [];
  for (const entry of live) {
    const where = `${entry.repo}:${entry.path}${entry.ref ? `@${entry.ref}` : ''}`;
    // The framework names files its tasks will write, and whole families of them (`spike_*.md`).
    if (/[*?[\]{}]|<[^<>/]+>/.test(entry.path)) {
      notes.push(`Live memory \`${where}\` names many files (a pattern); GitHub serves one file per path, so it was not fetched.`);
      continue;
    }
    try {
      files.push(await github.fetchMemoryFile(octokit, { repo: entry.repo as string, path: entry.path, ref: entry.ref }));
    } catch (error) {
      if (!(error instanceof GitHubError && error.status === 404)) throw error;
      notes.push(`Live memory \`${where}\` does not exist yet (GitHub answered 404).`);
    }
  }
  return files;
}
