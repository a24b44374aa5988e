/** What a command-line agent says it used, when it says so. */
export interface ToolUsage {
  tokensIn: number;
  tokensOut: number;
  /** The cost the tool itself reports (`total_cost_usd`, `cost_usd`), else null. */
  costUsd: number | null;
  /** The model the tool reports, else null. */
  model: string | null;
}

const count = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null);

/** `usage` in Anthropic's and OpenAI Responses' words (input/output) or Chat Completions' (prompt/completion). */
function usageOf(value: unknown): ToolUsage | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const o = value as Record<string, unknown>;
  const usage = o.usage as Record<string, unknown> | undefined;
  if (typeof usage !== 'object' || usage === null) return null;
  const input = count(usage.input_tokens) ?? count(usage.prompt_tokens);
  const output = count(usage.output_tokens) ?? count(usage.completion_tokens);
  if (input === null && output === null) return null;
  // Cached prompt tokens are still prompt tokens (Claude Code reports them apart).
  const cached = (count(usage.cache_read_input_tokens) ?? 0) + (count(usage.cache_creation_input_tokens) ?? 0);
  return {
    tokensIn: (input ?? 0) + cached,
    tokensOut: output ?? 0,
    costUsd: count(o.total_cost_usd) ?? count(o.cost_usd),
    model: typeof o.model === 'string' && o.model.trim() !== '' ? o.model : null,
  };
}

/**
 * Pure: the usage an agent printed on stdout, as one JSON object (`--output-format json`) or as JSON
 * lines (a stream: the last line with usage is the total), or null when it printed none.
 */
export function readToolUsage(stdout: string): ToolUsage | null {
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  const whole = usageOf(parse(stdout.trim()));
  if (whole) return whole;
  const lines = stdout.split('\n').filter((line) => line.trim().startsWith('{'));
  for (let i = lines.length - 1; i >= 0; i--) {
    const usage = usageOf(parse(lines[i]!.trim()));
    if (usage) return usage;
  }
  return null;
}
