/**
 * Shares one call of `run` among the items asked for at the same time under one key: items asked for
 * in the same turn of the event loop go together, and items that arrive while a call runs go
 * together in the next one. Each item still gets its own result (or the call's error). A remote
 * round trip costs about the same for one ref as for fifty, so a batch of tasks pays for one.
 */
export function coalesce<I, O>(
  run: (key: string, items: I[]) => Promise<O[]>,
  /** How long the first item of a call waits for others (0: only those of the same turn). */
  lingerMs = 0,
): (key: string, item: I) => Promise<O> {
  const queues = new Map<string, { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[]>();
  const drain = async (key: string) => {
    try {
      for (let waiting = queues.get(key)!; waiting.length > 0; waiting = queues.get(key)!) {
        queues.set(key, []);
        try {
          const results = await run(
            key,
            waiting.map((w) => w.item),
          );
          for (const [i, w] of waiting.entries()) w.resolve(results[i]!);
        } catch (error) {
          for (const w of waiting) w.reject(error);
        }
      }
    } finally {
      queues.delete(key);
    }
  };
  return (key, item) =>
    new Promise<O>((resolve, reject) => {
      const queue = queues.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      queues.set(key, [{ item, resolve, reject }]);
      if (lingerMs > 0) setTimeout(() => void drain(key), lingerMs);
      else setImmediate(() => void drain(key));
    });
}
