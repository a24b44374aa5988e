import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The nearest folder from `cwd` upward that holds nx.json; `cwd` itself when none does. */
export function findWorkspaceRoot(cwd: string): string {
  let dir = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(cwd);
    dir = parent;
  }
}
