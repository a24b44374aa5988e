import { countPromptTokens, type PromptTokens } from './count-prompt-tokens';
import { type ModelPrice, priceOf } from './prices';
import type { ModelRequest } from './types';

/** What a request may cost at most, and how that was reckoned. */
export interface CostEstimate {
  model: string;
  /** Null when the model has no known price. */
  usd: number | null;
  price: ModelPrice | null;
  promptTokens: PromptTokens;
  maxOutputTokens: number;
  /** Where the output limit came from: the request's parameters or the model's own maximum. */
  maxOutputFrom: string;
}

/** Most output tokens a reply may have, by model family, when the request sets no limit. */
const MODEL_MAX_OUTPUT: [RegExp, number][] = [
  [/^gpt-5/, 128_000],
  [/^(o1|o3|o4)/, 100_000],
  [/^gpt-4\.1/, 32_768],
  [/^gpt-4o/, 16_384],
  [/^gpt-4-/, 4_096],
];
/** A model not in the table: a common ceiling; set `max_tokens` in `parameters` for a tighter estimate. */
export const DEFAULT_MAX_OUTPUT = 16_384;

function maxOutputOf(request: ModelRequest): { tokens: number; from: string } {
  for (const name of ['max_completion_tokens', 'max_tokens', 'max_output_tokens']) {
    const value = request.parameters[name];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return { tokens: value, from: `parameters.${name}` };
  }
  const model = request.model.toLowerCase();
  const known = MODEL_MAX_OUTPUT.find(([family]) => family.test(model));
  return known
    ? { tokens: known[1], from: `the most ${request.model} may answer` }
    : { tokens: DEFAULT_MAX_OUTPUT, from: 'the default limit' };
}

/**
 * Before a call: the prompt's tokens × the input price + the most output tokens × the output price,
 * rounded up to the micro-dollar, so a cap is never passed by rounding.
 */
export function estimateRequestCost(request: ModelRequest, prices: Record<string, ModelPrice> = {}): CostEstimate {
  const price = priceOf(request.model, prices);
  const promptTokens = countPromptTokens(request);
  const out = maxOutputOf(request);
  const usd = price ? Math.ceil(promptTokens.tokens * price.input + out.tokens * price.output - 1e-6) / 1e6 : null;
  return { model: request.model, usd, price, promptTokens, maxOutputTokens: out.tokens, maxOutputFrom: out.from };
}
