import type { Provider } from '@taskpod/llm';

/** Set by `taskpod run` for the nx it starts: the socket where steps report their model calls. */
export const PROGRESS_SOCKET_ENV = 'TASKPOD_PROGRESS_SOCKET';

/** What a run reports about its model calls while they are in flight, for `taskpod run` to show. */
export type CallProgressEvent =
  | { kind: 'call-start'; task: string; provider: string; model: string; at: string }
  | {
      kind: 'call-end';
      task: string;
      provider: string;
      model: string;
      at: string;
      ms: number;
      tokens_in: number;
      tokens_out: number;
      cost_usd: number | null;
    }
  | { kind: 'call-failed'; task: string; provider: string; model: string; at: string; ms: number; message: string };

export type CallProgress = (event: CallProgressEvent) => void;

/**
 * The provider with its calls reported: start when the call really starts (after any wait for a
 * slot), end with tokens and cost, or the failure. A reply from the store never reaches the provider,
 * so it reports nothing: nothing was asked.
 */
export function reportingCalls(
  provider: Provider,
  model: string,
  progress: CallProgress | undefined,
  now: () => Date = () => new Date(),
): Provider {
  if (!progress) return provider;
  return {
    name: provider.name,
    complete: async (request, info) => {
      const base = { task: info.taskId, provider: provider.name, model };
      const started = now();
      progress({ kind: 'call-start', ...base, at: started.toISOString() });
      const ms = () => now().getTime() - started.getTime();
      try {
        const completion = await provider.complete(request, info);
        const end = now();
        progress({
          kind: 'call-end',
          ...base,
          model: completion.model,
          at: end.toISOString(),
          ms: ms(),
          tokens_in: completion.tokensIn,
          tokens_out: completion.tokensOut,
          cost_usd: completion.costUsd,
        });
        return completion;
      } catch (error) {
        progress({
          kind: 'call-failed',
          ...base,
          at: now().toISOString(),
          ms: ms(),
          message: (error as Error).message.split('\n')[0] ?? '',
        });
        throw error;
      }
    },
  };
}
