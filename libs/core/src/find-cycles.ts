/**
 * Strongly connected components of a directed graph (Tarjan over integer indexes, iterative so
 * 10,000 tasks cannot overflow the stack). Returns only the components that hold a cycle, each as
 * its node list. `edges` is called once per node; targets that are not nodes are ignored.
 */
export function findCyclicComponents(nodes: readonly string[], edges: (node: string) => readonly string[]): string[][] {
  const n = nodes.length;
  const position = new Map<string, number>();
  for (const [i, node] of nodes.entries()) position.set(node, i);
  const adjacency = nodes.map((node) =>
    edges(node)
      .map((to) => position.get(to) ?? -1)
      .filter((to) => to >= 0),
  );
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const next = new Int32Array(n);
  const stack: number[] = [];
  const work: number[] = [];
  const out: string[][] = [];
  let counter = 0;
  const open = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    work.push(v);
  };
  for (let start = 0; start < n; start++) {
    if (index[start] !== -1) continue;
    open(start);
    while (work.length > 0) {
      const v = work[work.length - 1]!;
      const targets = adjacency[v]!;
      if (next[v]! < targets.length) {
        const w = targets[next[v]!++]!;
        if (index[w] === -1) open(w);
        else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] !== index[v]) continue;
      const component: string[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = 0;
        component.push(nodes[w]!);
      } while (w !== v);
      if (component.length > 1 || targets.includes(v)) out.push(component.reverse());
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
