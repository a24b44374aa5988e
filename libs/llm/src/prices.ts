/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/** Built-in list prices of common models (USD per million tokens); config.prices overrides them. */
export const DEFAULT_PRICES: Record<string, ModelPrice> = {
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  o3: { input: 2, output: 8 },
  'o4-mini': { input: 1.1, output: 4.4 },
};

/**
 * The price of a model: `prices` first, then the built-in table. A dated snapshot
 * (`gpt-4o-2024-08-06`) is priced as its family (`gpt-4o`); an unknown model has none (null).
 */
export function priceOf(model: string, overrides: Record<string, ModelPrice> = {}): ModelPrice | null {
  const table = { ...DEFAULT_PRICES, ...overrides };
  return table[model] ?? table[model.replace(/-\d{4}-\d{2}-\d{2}$/, '')] ?? null;
}

/** USD to the micro-dollar, so sums of many calls do not drift. */
export const roundUsd = (usd: number): number => Math.round(usd * 1e6) / 1e6;

/**
 * Cost of one call, or null when the model has no known price (a local server, say): an unknown
 * cost is shown as unknown, never as $0, until `prices` names the model.
 */
export function computeCostUsd(
  model: string,
  tokensIn: number,
  tokensOut: number,
  overrides: Record<string, ModelPrice> = {},
): number | null {
  const price = priceOf(model, overrides);
  if (!price) return null;
  return roundUsd((tokensIn * price.input + tokensOut * price.output) / 1_000_000);
}
