import type { ModelReply } from '@taskpod/core';
import { promptHash, readStoredReply, replyKey, writeStoredReply } from './reply-store';
import type { Completion, ModelRequest, Provider } from './types';

/** Runs a model call when the caller allows it (a batch limits how many run at once). */
export type ModelCallLimit = <T>(call: () => Promise<T>) => Promise<T>;

export interface ObtainedReply {
  completion: Completion;
  key: string;
  promptHash: string;
  /** True when the store answered and no model was asked. */
  fromStore: boolean;
}

/**
 * "No answer is paid for twice": the store answers when it can; otherwise the provider is asked
 * and its reply recorded. `fresh` asks anew and overwrites the recorded reply.
 */
export async function obtainReply(
  root: string,
  request: ModelRequest,
  provider: Provider,
  options: {
    taskId: string;
    fresh?: boolean;
    now?: () => Date;
    /** Checks (and may normalise) a new reply before it is recorded; a throw records nothing. */
    accept?: (reply: ModelReply) => ModelReply;
    /** Wraps the model call (only it, not the store): a batch limits how many run at once with it. */
    limit?: ModelCallLimit;
  },
): Promise<ObtainedReply> {
  const key = replyKey(request);
  const hash = promptHash(request);
  const stored = options.fresh && provider.name !== 'replay' ? null : readStoredReply(root, key);
  if (stored) {
    const completion: Completion = {
      reply: stored.reply,
      tokensIn: stored.usage.tokens_in,
      tokensOut: stored.usage.tokens_out,
      model: stored.model,
      costUsd: stored.usage.cost_usd,
    };
    return { completion, key, promptHash: hash, fromStore: true };
  }
  const ask = () => provider.complete(request, { taskId: options.taskId });
  const answered = await (options.limit ? options.limit(ask) : ask());
  const completion = options.accept ? { ...answered, reply: options.accept(answered.reply) } : answered;
  if (provider.name !== 'replay') {
    writeStoredReply(root, {
      key,
      request: { model: request.model, prompt_hash: hash, parameters: request.parameters, structured_output: request.response_format !== null },
      provider: provider.name,
      model: completion.model,
      reply: completion.reply,
      usage: { tokens_in: completion.tokensIn, tokens_out: completion.tokensOut, cost_usd: completion.costUsd },
      recorded_at: (options.now?.() ?? new Date()).toISOString(),
    });
  }
  return { completion, key, promptHash: hash, fromStore: false };
}
