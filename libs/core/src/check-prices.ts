import { parseUsd } from './budgets';
import { UserError } from './errors';

/** `prices` of the plugin options: USD per million tokens, by model name. */
export type Prices = Record<string, { input: number; output: number }>;

/** `prices` checked once, at the entry point: a wrong amount would make every cost and estimate wrong. */
export function checkPrices(value: unknown): Prices {
  if (value === undefined || value === null) return {};
  const shape = '{ "my-model": { "input": 0.5, "output": 1.5 } }';
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(`Expected \`prices\` in the taskpod plugin options (nx.json) to be an object, got \`${JSON.stringify(value)}\`.`, {
      expected: shape,
      received: JSON.stringify(value),
    });
  }
  const out: Prices = {};
  for (const [model, price] of Object.entries(value)) {
    if (typeof price !== 'object' || price === null || Array.isArray(price)) {
      throw new UserError(
        `Expected \`prices.${model}\` in the taskpod plugin options (nx.json) to be { input, output } in USD per million tokens.`,
        {
          expected: shape,
          received: JSON.stringify(price),
        },
      );
    }
    const p = price as Record<string, unknown>;
    out[model] = { input: parseUsd(p.input, `prices.${model}.input`), output: parseUsd(p.output, `prices.${model}.output`) };
  }
  return out;
}
