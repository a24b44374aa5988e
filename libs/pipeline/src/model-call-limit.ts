import type { ModelCallLimit } from '@taskpod/llm';

/**
 * At most `slots` model calls at a time, the others waiting in order. A batch runs more tasks than
 * slots, so a task renders its prompt and writes its files while others wait for the model, and a
 * freed slot goes at once to a request that is already built.
 */
export function createModelCallLimit(slots: number): ModelCallLimit {
  let free = Math.max(1, slots);
  const waiting: (() => void)[] = [];
  return async (call) => {
    if (free > 0) free -= 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await call();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free += 1;
    }
  };
}
