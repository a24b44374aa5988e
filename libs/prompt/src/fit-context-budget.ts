/** A part of the context that may be cut, e.g. `inputs src/big.ts`. */
export interface ContextPart {
  label: string;
  content: string;
}

export interface ContextCut {
  label: string;
  from: number;
  to: number;
}

/**
 * Cuts the largest parts first until the total fits `budget` characters: every part keeps at most
 * a common cap, chosen as large as the budget allows, so small parts stay whole.
 */
export function fitContextBudget(parts: ContextPart[], budget: number): { parts: ContextPart[]; cuts: ContextCut[] } {
  const total = parts.reduce((sum, p) => sum + p.content.length, 0);
  if (total <= budget) return { parts, cuts: [] };
  const cap = commonCap(
    parts.map((p) => p.content.length),
    Math.max(0, budget),
  );
  const cuts: ContextCut[] = [];
  const out = parts.map((part) => {
    if (part.content.length <= cap) return part;
    cuts.push({ label: part.label, from: part.content.length, to: cap });
    return {
      label: part.label,
      content: `${part.content.slice(0, cap)}\n[... cut by taskpod: ${part.content.length - cap} of ${part.content.length} characters left out to fit the context budget ...]`,
    };
  });
  return { parts: out, cuts };
}

/** The largest cap c with sum(min(size, c)) <= budget. */
function commonCap(sizes: number[], budget: number): number {
  const sorted = [...sizes].sort((a, b) => a - b);
  let remaining = budget;
  for (let i = 0; i < sorted.length; i++) {
    const share = Math.floor(remaining / (sorted.length - i));
    if (sorted[i] > share) return share;
    remaining -= sorted[i];
  }
  return sorted.at(-1) ?? 0;
}

/** The note the prompt carries when something was cut, or null. */
export function describeCuts(cuts: ContextCut[], budget: number): string | null {
  if (cuts.length === 0) return null;
  const list = cuts.map((c) => `${c.label} (${c.from} -> ${c.to} characters)`).join('; ');
  return `Context was cut to fit the budget of ${budget} characters, largest parts first: ${list}.`;
}
