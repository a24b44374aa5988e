import { ProviderError, replyPath } from '@taskpod/core';
import { completionOf, readStoredReply, replyKey } from './reply-store';
import type { Completion, CompletionInfo, ModelRequest, Provider } from './types';

/** Answers only from the reply store, for offline demos and CI; never calls a model. */
export function createReplayProvider(options: { root: string }): Provider {
  return {
    name: 'replay',
    async complete(request: ModelRequest, info: CompletionInfo): Promise<Completion> {
      const key = replyKey(request);
      const stored = readStoredReply(options.root, key);
      if (!stored) {
        throw new ProviderError(
          `The replay provider has no recorded reply for task ${info.taskId} (model ${request.model}, key ${key}; expected ${replyPath(key)}). ` +
            `Record one by running the task once with a real provider (e.g. TASKPOD_PROVIDER=openai with OPENAI_API_KEY set), then commit ${replyPath(key)}. ` +
            'A reply recorded for a different prompt, model or parameters does not match.',
          'replay',
        );
      }
      return completionOf(stored);
    },
  };
}
