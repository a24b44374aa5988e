import OpenAI from 'openai';
import { ProviderError, type TaskpodConfig } from '@taskpod/core';

/**
 * The one place an OpenAI client is made, from the environment handed in (never process.env
 * directly), so tests point it at a loopback server through `OPENAI_BASE_URL`.
 */
export function createOpenAIClient(env: NodeJS.ProcessEnv, config: Pick<TaskpodConfig, 'openai'>): OpenAI {
  const apiKey = env.OPENAI_API_KEY;
  if (!apiKey) {
    throw new ProviderError('The openai provider needs OPENAI_API_KEY, and it is not set.', 'openai', undefined);
  }
  return new OpenAI({
    apiKey,
    baseURL: env.OPENAI_BASE_URL || 'https://api.openai.com/v1',
    organization: env.OPENAI_ORG_ID || null,
    project: env.OPENAI_PROJECT_ID || null,
    maxRetries: config.openai.maxRetries,
    timeout: config.openai.timeoutMs,
  });
}

export type { OpenAI };
