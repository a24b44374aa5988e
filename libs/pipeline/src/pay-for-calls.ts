import { BudgetError, type Task, parseUsd } from '@taskpod/core';
import {
  type BudgetScope,
  type BudgetStanding,
  type RunBudget,
  budgetScopesFor,
  buildSpendEntry,
  recordSpend,
  releaseSpend,
  reserveSpend,
} from '@taskpod/ledger';
import { type CostEstimate, type PaidCall, type PaidCallWrapper, estimateRequestCost, paidCallOf } from '@taskpod/llm';
import { MAX_COST_ENV, RUN_ID_ENV } from './spend-env';
import type { StepContext } from './step-context';

/** Without TASKPOD_RUN_ID (nx run directly), `TASKPOD_MAX_COST` caps the calls of this process. */
const processRunId = `process-${process.pid}-${Date.now()}`;

/** The run's cap from the environment, checked once here (a bad value names the variable). */
function runBudgetFrom(env: NodeJS.ProcessEnv): RunBudget | null {
  const raw = env[MAX_COST_ENV];
  if (raw === undefined || raw.trim() === '') return null;
  return {
    runId: env[RUN_ID_ENV]?.trim() || processRunId,
    maxCostUsd: parseUsd(raw, MAX_COST_ENV, 'in the environment (taskpod run --max-cost)'),
  };
}

/** `$0.0010`: four decimals at least, six when a cheap call needs them. */
export function formatUsd(usd: number): string {
  return `$${usd.toFixed(6).replace(/(\.\d{4}\d*?)0+$/, '$1')}`;
}

/**
 * obtainReply's `pay` for one task: before the provider is asked, the request's estimate must fit
 * every budget that applies (reserved under the ledger lock, so racing processes cannot both pass);
 * as soon as an answer arrives, its spend entry is written, before the reply is checked or stored,
 * so a rejected reply or a run killed afterwards still counts. A call that fails before any answer
 * gives its reservation back.
 */
export function payForCalls(ctx: StepContext, task: Task): PaidCallWrapper {
  const run = runBudgetFrom(ctx.env);
  const scopes = budgetScopesFor(task, ctx.config.budgets, run);
  const runId = ctx.env[RUN_ID_ENV]?.trim() || run?.runId || null;
  return async (ask, call) => {
    const reservation =
      scopes.length > 0
        ? await reserveOrRefuse(ctx, task, scopes, runId, estimateRequestCost(call.request, ctx.config.prices), call.provider)
        : null;
    const record = (paid: PaidCall) =>
      recordSpend(
        ctx.root,
        buildSpendEntry({ replyKey: call.key, task, runId, provider: call.provider, ...paid, at: ctx.now() }),
        reservation,
      );
    let completion: Awaited<ReturnType<typeof ask>>;
    try {
      completion = await ask();
    } catch (error) {
      const paid = paidCallOf(error);
      if (paid) await record(paid);
      else if (reservation !== null) await releaseSpend(ctx.root, reservation);
      throw error;
    }
    await record({ model: completion.model, tokensIn: completion.tokensIn, tokensOut: completion.tokensOut, costUsd: completion.costUsd });
    return completion;
  };
}

/** How long a call may hold its reservation: the provider's whole timeout, retries included, and a margin. */
function holdMsFor(ctx: StepContext, provider: string): number {
  const { openai, shell } = ctx.config;
  return (provider === 'shell' ? shell.timeoutMs : openai.timeoutMs * (openai.maxRetries + 1)) + 60_000;
}

async function reserveOrRefuse(
  ctx: StepContext,
  task: Task,
  scopes: BudgetScope[],
  runId: string | null,
  estimate: CostEstimate,
  provider: string,
): Promise<string> {
  const model = estimate.model;
  if (estimate.usd === null) {
    throw new BudgetError(
      `Task ${task.id} was not sent to ${model}: ${scopes.map(describeScope).join(', ')} ${scopes.length === 1 ? 'applies' : 'apply'}, and ${model} has no known price, so the call's cost cannot be estimated.`,
      {
        hint: `Add the model's price (USD per million tokens) under \`prices\` in the taskpod plugin options in nx.json, e.g. "prices": { "${model}": { "input": 0.5, "output": 1.5 } }.`,
      },
    );
  }
  const result = await reserveSpend(ctx.root, scopes, {
    task_id: task.id,
    pod: task.pod,
    phase: task.phase,
    run_id: runId,
    estimateUsd: estimate.usd,
    holdMs: holdMsFor(ctx, provider),
    now: new Date(),
  });
  if (result.ok) return result.id;
  throw refusal(task, result.exceeded, estimate);
}

const describeScope = (scope: BudgetScope) => `the ${scope.name} budget of ${formatUsd(scope.limitUsd)} (${scope.source})`;

function refusal(task: Task, standing: BudgetStanding, estimate: CostEstimate): BudgetError {
  const { scope } = standing;
  const price = estimate.price!;
  const reserved = standing.reservedUsd > 0 ? ` and ${formatUsd(standing.reservedUsd)} held by calls in flight` : '';
  const unknown =
    standing.unknownCalls > 0 ? ` (plus ${standing.unknownCalls} call${standing.unknownCalls === 1 ? '' : 's'} of unknown cost)` : '';
  return new BudgetError(
    `Task ${task.id} was not sent: the ${scope.name} budget (${scope.source}) is ${formatUsd(scope.limitUsd)}, ` +
      `${formatUsd(standing.spentUsd)} is spent${unknown}${reserved}, ${formatUsd(standing.leftUsd)} is left, ` +
      `and this request is estimated at up to ${formatUsd(estimate.usd!)} ` +
      `(${estimate.promptTokens.tokens} prompt tokens counted with ${estimate.promptTokens.method} × $${price.input}/M + ` +
      `${estimate.maxOutputTokens} output tokens, ${estimate.maxOutputFrom}, × $${price.output}/M). Nothing was sent.`,
    {
      expected: `an estimate of at most ${formatUsd(standing.leftUsd)}`,
      received: formatUsd(estimate.usd!),
      hint: `Raise ${scope.source}, or set a lower max_tokens under \`parameters\` in the taskpod plugin options to shrink the estimate.`,
    },
  );
}
