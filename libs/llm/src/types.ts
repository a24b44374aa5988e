import type { ModelReply } from '@taskpod/core';

/** One chat message as sent to a model. */
export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/**
 * Exactly what is asked of a model, independent of the provider that answers it: the reply-store key
 * is a hash of this, so `replay` finds what `openai` or `shell` recorded for the same request.
 */
export interface ModelRequest {
  model: string;
  messages: ChatMessage[];
  /** Sampling parameters (temperature, ...) from the workspace config. */
  parameters: Record<string, unknown>;
  /** The structured-output format when the workspace asks for one, else null. */
  response_format: Record<string, unknown> | null;
}

/** What one answered request used: what its spend entry records. */
export interface PaidCall {
  tokensIn: number;
  tokensOut: number;
  /** The model that answered, as the provider reports it. */
  model: string;
  /** Null: no known price for the model (or a tool that reported no usage): unknown, never 0. */
  costUsd: number | null;
}

/** What a provider answers with. */
export interface Completion extends PaidCall {
  reply: ModelReply;
  /** The provider's raw answer, for debugging; never stored. */
  raw?: unknown;
}

/**
 * Runs the provider call (`ask`) of one request that the store could not answer: the pipeline's
 * budget check and spend record go around it (see obtainReply's `pay`).
 */
export type PaidCallWrapper = (
  ask: () => Promise<Completion>,
  call: { key: string; request: ModelRequest; provider: string },
) => Promise<Completion>;

/** Who is asking: used in error messages so a failure names its task. */
export interface CompletionInfo {
  taskId: string;
}

/** One interface for every provider (openai, shell, replay). */
export interface Provider {
  name: string;
  complete(request: ModelRequest, info: CompletionInfo): Promise<Completion>;
}

/** Where the shell provider's agent edits: a worktree of HEAD, and its edits read back from it. */
export interface AgentWorktree {
  /** The workspace's folder inside the worktree. */
  dir: string;
  /** Files added or modified under `dir` since HEAD, relative to `dir`. */
  readEdits(): Promise<{ path: string; content: string }[]>;
}

/**
 * Runs `work` in a fresh worktree and removes it afterwards. Handed in by the caller (the pipeline
 * passes git's `withAgentWorktree`), so llm runs no git of its own.
 */
export type WithAgentWorktree = <T>(work: (tree: AgentWorktree) => Promise<T>) => Promise<T>;
