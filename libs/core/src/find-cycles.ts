/**
 * Strongly connected components of a directed graph (Tarjan, iterative so 10,000 tasks cannot
 * overflow the stack). Returns only the components that hold a cycle, each as its node list.
 */
export function findCyclicComponents(nodes: readonly string[], edges: (node: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { node: string; next: number; targets: readonly string[] }[] = [{ node: start, next: 0, targets: edges(start) }];
    index.set(start, counter); low.set(start, counter++); stack.push(start); onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const targets = frame.targets;
      if (frame.next < targets.length) {
        const to = targets[frame.next++]!;
        if (!index.has(to)) {
          index.set(to, counter); low.set(to, counter++); stack.push(to); onStack.add(to);
          work.push({ node: to, next: 0, targets: edges(to) });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length > 0) { const parent = work[work.length - 1]!.node; low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!)); }
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do { member = stack.pop()!; onStack.delete(member); component.push(member); } while (member !== frame.node);
      if (component.length > 1 || frame.targets.includes(frame.node)) out.push(component.reverse());
    }
  }
  return out;
}

/** Shortest path `from` ... `to` inside a component (BFS), both ends included. */
export function pathWithin(component: ReadonlySet<string>, edges: (node: string) => readonly string[], from: string, to: string): string[] {
  const previous = new Map<string, string>();
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    for (const next of edges(node)) {
      if (!component.has(next) || (previous.has(next) && next !== to)) continue;
      if (next === to) {
        const path = [to];
        for (let at: string | undefined = node; at !== undefined; at = at === from ? undefined : previous.get(at)) path.unshift(at);
        return path;
      }
      previous.set(next, node);
      queue.push(next);
    }
  }
  return [from, to];
}
