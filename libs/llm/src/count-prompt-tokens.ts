import type { ModelRequest } from './types';

/** The prompt's tokens and how they were counted (named in refusals and docs). */
export interface PromptTokens {
  tokens: number;
  method: 'o200k_base' | 'cl100k_base' | 'characters / 3';
}

type Encoding = 'o200k_base' | 'cl100k_base';

/** OpenAI's model families by tokenizer; anything else is not OpenAI's and is approximated. */
function encodingFor(model: string): Encoding | null {
  const name = model.toLowerCase().replace(/^openai\//, '');
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|chatgpt-4o|o1|o3|o4|codex)/.test(name)) return 'o200k_base';
  if (/^(gpt-4|gpt-3\.5)/.test(name)) return 'cl100k_base';
  return null;
}

/** Tokens Chat Completions adds per message (role and separators) and to prime the reply. */
const PER_MESSAGE = 4;
const REPLY_PRIMING = 3;

/**
 * Counts what a request sends: every message, plus the response format's schema, which the server
 * also reads. OpenAI models are counted with gpt-tokenizer (loaded only here: a tenth of a second
 * and more, paid only when a budget applies); other models' tokenizers are unknown, so their count
 * is the characters divided by 3, rounded up, deliberately on the high side for a cap.
 */
export function countPromptTokens(request: ModelRequest): PromptTokens {
  const texts = [...request.messages.map((m) => m.content), ...(request.response_format ? [JSON.stringify(request.response_format)] : [])];
  const overhead = request.messages.length * PER_MESSAGE + REPLY_PRIMING;
  const encoding = encodingFor(request.model);
  if (encoding === null) {
    const chars = texts.reduce((n, text) => n + text.length, 0);
    return { tokens: Math.ceil(chars / 3) + overhead, method: 'characters / 3' };
  }
  const { countTokens } = require(`gpt-tokenizer/encoding/${encoding}`) as { countTokens: (text: string) => number };
  return { tokens: texts.reduce((n, text) => n + countTokens(text), 0) + overhead, method: encoding };
}
