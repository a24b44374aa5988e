import OpenAI from 'openai';
import { ProviderError, redactSecrets, redactUrl, type TaskpodConfig } from '@taskpod/core';
import { withPaidCall } from './paid-failure';
import { parseReplyText } from './parse-reply-text';
import { computeCostUsd } from './prices';
import type { Completion, CompletionInfo, ModelRequest, Provider } from './types';

export interface OpenAIProviderOptions {
  /** The client, or a function making it on first use (so a store hit needs no API key). */
  client: OpenAI | (() => OpenAI);
  config: Pick<TaskpodConfig, 'prices'>;
  /** Used only to redact secrets from error messages. */
  env: NodeJS.ProcessEnv;
}

/** Chat Completions through the official SDK; any OpenAI-compatible server works. */
export function createOpenAIProvider(options: OpenAIProviderOptions): Provider {
  const { config, env } = options;
  let made: OpenAI | undefined;
  const clientOf = () => (made ??= typeof options.client === 'function' ? options.client() : options.client);
  return {
    name: 'openai',
    async complete(request: ModelRequest, info: CompletionInfo): Promise<Completion> {
      const client = clientOf();
      let response: OpenAI.Chat.Completions.ChatCompletion;
      try {
        response = await client.chat.completions.create({
          ...request.parameters,
          model: request.model,
          messages: request.messages,
          ...(request.response_format ? { response_format: request.response_format } : {}),
          stream: false,
        } as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming);
      } catch (error) {
        throw toProviderError(error, info, request.model, client.baseURL, env);
      }
      const choice = response.choices?.[0];
      const text = choice?.message?.content ?? '';
      const tokensIn = response.usage?.prompt_tokens ?? 0;
      const tokensOut = response.usage?.completion_tokens ?? 0;
      const model = response.model || request.model;
      const paid = { tokensIn, tokensOut, model, costUsd: computeCostUsd(model, tokensIn, tokensOut, config.prices) };
      // An answer arrived, so it was paid for even when it cannot be used: the error carries the usage.
      const fail = (why: string) =>
        withPaidCall(
          new ProviderError(redactSecrets(`The model ${request.model} gave task ${info.taskId} no usable reply: ${why}`, env), 'openai'),
          paid,
        );
      if (choice?.message?.refusal) throw fail(`it refused (${choice.message.refusal}).`);
      const parsed = parseReplyText(text);
      if (!parsed.reply) {
        const cut = choice?.finish_reason === 'length' ? ' The answer was cut at the token limit; raise max_tokens in the parameters.' : '';
        throw fail(`the reply ${parsed.problem}.${cut} It began: ${JSON.stringify(text.slice(0, 200))}`);
      }
      return { reply: parsed.reply, ...paid, raw: response };
    },
  };
}

/** Turns an SDK error into a ProviderError with the HTTP status and a hint, never the key. */
function toProviderError(error: unknown, info: CompletionInfo, model: string, baseURL: string, env: NodeJS.ProcessEnv): ProviderError {
  const where = `OpenAI request for task ${info.taskId} (model ${model}, ${redactUrl(baseURL)})`;
  let message: string;
  let status: number | undefined;
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    message = `${where} timed out after the SDK's retries. Raise openai.timeoutMs or openai.maxRetries in the taskpod plugin options.`;
  } else if (error instanceof OpenAI.APIConnectionError) {
    // The SDK says only "Connection error."; the reason (refused, DNS, a URL fetch rejects) is in its causes.
    const reason = innermostCause(error)?.message;
    message = `${where} could not connect: ${error.message.replace(/\.$/, '')}${reason && reason !== error.message ? ` (${reason})` : ''}. Check OPENAI_BASE_URL and the network.`;
  } else if (error instanceof OpenAI.APIError) {
    status = error.status;
    message = `${where} failed with HTTP ${status ?? '?'}: ${error.message.replace(/^\d{3} /, '')}.${hintFor(status)}`;
  } else {
    message = `${where} failed: ${(error as Error)?.message ?? String(error)}`;
  }
  return new ProviderError(redactSecrets(message, env), 'openai', status, { cause: error });
}

function innermostCause(error: Error): Error | undefined {
  let cause: unknown = error.cause;
  for (let depth = 0; cause instanceof Error && cause.cause instanceof Error && depth < 5; depth++) cause = cause.cause;
  return cause instanceof Error ? cause : undefined;
}

function hintFor(status: number | undefined): string {
  if (status === 401) return ' Check OPENAI_API_KEY: the server rejected it.';
  if (status === 403) return ' The key has no access to this model or project.';
  if (status === 404) return ' Check the model name and OPENAI_BASE_URL.';
  if (status === 429) return ' Rate limited or out of quota, even after retries; wait, or raise openai.maxRetries.';
  if (status !== undefined && status >= 500) return ' The server failed even after retries; try again later.';
  return '';
}
