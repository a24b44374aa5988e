import { UserError } from './errors';

/**
 * `budgets` of the plugin options, in USD (SPEC "Spend and budgets"): `task` caps every task that has
 * no `budget_usd` of its own, `workspace` all spend, `pods` and `phases` the spend of their tasks.
 */
export interface Budgets {
  task?: number;
  workspace?: number;
  pods: Record<string, number>;
  /** Keyed by the phase number as written in nx.json (`"2"`). */
  phases: Record<string, number>;
}

const WHERE = 'in the taskpod plugin options (nx.json)';

/** A non-negative, finite amount of USD, or a UserError naming `name` and what it got. */
export function parseUsd(value: unknown, name: string, where = WHERE): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number === 'number' && Number.isFinite(number) && number >= 0) return number;
  throw new UserError(
    `Expected \`${name}\` ${where} to be a non-negative number of USD, got \`${JSON.stringify(value)}\` (${typeof value}).`,
    {
      expected: 'a number such as 0.5',
      received: JSON.stringify(value) ?? String(value),
    },
  );
}

function mapOf(value: unknown, name: string, keyOk: (key: string) => boolean, keyExpected: string): Record<string, number> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(`Expected \`${name}\` ${WHERE} to be an object of USD amounts, got \`${JSON.stringify(value)}\`.`, {
      expected: `{ ${keyExpected}: 1.5 }`,
      received: JSON.stringify(value),
    });
  }
  const out: Record<string, number> = {};
  for (const [key, amount] of Object.entries(value)) {
    if (!keyOk(key)) {
      throw new UserError(`\`${name}\` ${WHERE} has the key \`${key}\`, which is not ${keyExpected}.`, {
        expected: keyExpected,
        received: key,
      });
    }
    out[key] = parseUsd(amount, `${name}.${key}`);
  }
  return out;
}

/** `budgets` checked once, at the entry point: every amount a non-negative number, phases numbered. */
export function checkBudgets(value: unknown): Budgets {
  if (value === undefined || value === null) return { pods: {}, phases: {} };
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(`Expected \`budgets\` ${WHERE} to be an object, got \`${JSON.stringify(value)}\`.`, {
      expected: '{ "task": 1, "workspace": 20, "pods": { "DevPod": 5 }, "phases": { "2": 10 } }',
      received: JSON.stringify(value),
    });
  }
  const o = value as Record<string, unknown>;
  const unknown = Object.keys(o).filter((key) => !['task', 'workspace', 'pods', 'phases'].includes(key));
  if (unknown.length > 0) {
    throw new UserError(
      `\`budgets\` ${WHERE} has unknown key${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => `\`${k}\``).join(', ')}.`,
      {
        expected: 'task, workspace, pods, phases',
        received: unknown.join(', '),
      },
    );
  }
  return {
    ...(o.task !== undefined ? { task: parseUsd(o.task, 'budgets.task') } : {}),
    ...(o.workspace !== undefined ? { workspace: parseUsd(o.workspace, 'budgets.workspace') } : {}),
    pods: mapOf(o.pods, 'budgets.pods', (key) => key !== '', 'a pod name'),
    phases: mapOf(o.phases, 'budgets.phases', (key) => /^\d+$/.test(key), 'a phase number'),
  };
}
