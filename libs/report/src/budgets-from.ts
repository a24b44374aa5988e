/** `budgets` in the plugin options (USD): what the spend charts draw as lines. */
export interface Budgets {
  task: number | null;
  workspace: number | null;
  pods: Map<string, number>;
  /** Keyed by numeric phase. */
  phases: Map<number, number>;
}

const usd = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null);

function entriesOf(value: unknown): [string, number][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, v]) => (usd(v) === null ? [] : [[key, usd(v)!] as [string, number]]));
}

/**
 * Pure: the budgets of a config, or null when it has none. Read loosely: the report only draws them,
 * and the run step (which enforces them) is where a malformed budget is an error.
 */
export function budgetsFrom(config: { budgets?: unknown }): Budgets | null {
  const b = config.budgets;
  if (typeof b !== 'object' || b === null) return null;
  const o = b as Record<string, unknown>;
  const phases = entriesOf(o.phases).flatMap(([k, v]) => (/^\d+$/.test(k) ? [[Number(k), v] as [number, number]] : []));
  return { task: usd(o.task), workspace: usd(o.workspace), pods: new Map(entriesOf(o.pods)), phases: new Map(phases) };
}

/** A task's own `budget_usd`, else the workspace's per-task budget. */
export function taskBudget(fields: Record<string, unknown>, budgets: Budgets | null): number | null {
  return usd(fields.budget_usd) ?? budgets?.task ?? null;
}
