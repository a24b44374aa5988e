import { type Task, readTaskMemory } from '@taskpod/core';
import type { StepContext } from '@taskpod/pipeline';

/**
 * How to build a task's request, as `taskpod prompt` does: live GitHub memory is fetched unless
 * `offline`, and without GITHUB_TOKEN it is listed, not fetched (`noToken` says so, for a warning).
 */
export async function requestOptionsFor(ctx: StepContext, task: Task, offline: boolean): Promise<{ offline: boolean; noToken: boolean }> {
  const noToken = !offline && !ctx.env.GITHUB_TOKEN && (await readTaskMemory(ctx.root, task)).some((entry) => entry.repo);
  return { offline: offline || noToken, noToken };
}
