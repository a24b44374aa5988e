import type { ModelReply } from '@taskpod/core';
import type { KeyedRequest } from './key-request';
import { type StoredReply, completionOf, readStoredReply, writeStoredReply } from './reply-store';
import { type ReplyLockOptions, withReplyLock } from './with-reply-lock';
import type { Completion, PaidCallWrapper, Provider } from './types';

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
 * and its reply recorded. `fresh` asks anew and overwrites the recorded reply. Asking happens under a
 * per-request claim across processes, so runs of one request at once pay once (see withReplyLock).
 * The request comes keyed (keyRequest): its key and hash are the ones the caller already showed or recorded.
 */
export async function obtainReply(
  root: string,
  keyed: KeyedRequest,
  provider: Provider,
  options: {
    taskId: string;
    fresh?: boolean;
    now?: () => Date;
    /** Checks (and may normalise) a new reply before it is recorded; a throw records nothing. */
    accept?: (reply: ModelReply) => ModelReply;
    /** Wraps the model call (only it, not the store): a batch limits how many run at once with it. */
    limit?: ModelCallLimit;
    /** How long to wait for another process asking the same request (tests shorten it). */
    lock?: ReplyLockOptions;
    /**
     * Goes around the provider call, inside `limit`: the pipeline checks budgets before it and
     * records the spend as soon as the answer arrives, before `accept` may reject it and before it is stored.
     */
    pay?: PaidCallWrapper;
  },
): Promise<ObtainedReply> {
  const { request, key, promptHash: hash } = keyed;
  const fromStore = (stored: StoredReply): ObtainedReply => ({ completion: completionOf(stored), key, promptHash: hash, fromStore: true });
  // The replay provider only reads the store: nothing to claim, and `fresh` cannot ask anyone anew.
  if (provider.name === 'replay') {
    const stored = readStoredReply(root, key);
    if (stored) return fromStore(stored);
    const answered = await provider.complete(request, { taskId: options.taskId });
    return {
      completion: options.accept ? { ...answered, reply: options.accept(answered.reply) } : answered,
      key,
      promptHash: hash,
      fromStore: false,
    };
  }
  // `fresh` replaces the recorded reply, so a damaged one must not stop it.
  const read = () => (options.fresh ? readStoredReplyOrNull(root, key) : readStoredReply(root, key));
  const before = read();
  if (before && !options.fresh) return fromStore(before);
  return withReplyLock(
    root,
    key,
    async () => {
      // Another process may have recorded the reply while this one waited for the claim: take it.
      // With `fresh`, only a reply recorded after this run began counts as new.
      const now = read();
      if (now && (!options.fresh || now.recorded_at !== before?.recorded_at)) return fromStore(now);
      const complete = () => provider.complete(request, { taskId: options.taskId });
      const pay = options.pay;
      const ask = pay ? () => pay(complete, { key, request, provider: provider.name }) : complete;
      const answered = await (options.limit ? options.limit(ask) : ask());
      const completion = options.accept ? { ...answered, reply: options.accept(answered.reply) } : answered;
      writeStoredReply(root, {
        key,
        request: {
          model: request.model,
          prompt_hash: hash,
          parameters: request.parameters,
          structured_output: request.response_format !== null,
        },
        provider: provider.name,
        model: completion.model,
        reply: completion.reply,
        usage: { tokens_in: completion.tokensIn, tokens_out: completion.tokensOut, cost_usd: completion.costUsd },
        recorded_at: (options.now?.() ?? new Date()).toISOString(),
      });
      return { completion, key, promptHash: hash, fromStore: false };
    },
    options.lock,
  );
}

function readStoredReplyOrNull(root: string, key: string): StoredReply | null {
  try {
    return readStoredReply(root, key);
  } catch {
    return null;
  }
}
