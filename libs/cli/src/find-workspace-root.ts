import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PLUGIN_NAME, UserError, findPluginEntry, parseNxJson } from '@taskpod/core';

const INIT_HINT = 'Run `npx taskpod init` at the root of your git repository to make it a taskpod workspace.';

/** The nearest folder from `cwd` upward that holds nx.json, as Nx finds its workspace; undefined when none does. */
export function findNxJsonFolder(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The taskpod workspace `cwd` is in: the nearest nx.json upward, which must register the taskpod
 * plugin. Anywhere else a command would find no tasks and print nothing, so it is an error saying
 * where it looked.
 */
export function findWorkspaceRoot(cwd: string): string {
  const root = findNxJsonFolder(cwd);
  if (root === undefined) {
    throw new UserError(`Not in a taskpod workspace: no nx.json in ${path.resolve(cwd)} or any folder above it.`, { hint: INIT_HINT });
  }
  const file = path.join(root, 'nx.json');
  if (!findPluginEntry(parseNxJson(readFileSync(file, 'utf8'), file))) {
    throw new UserError(`Not in a taskpod workspace: ${file} (found from ${path.resolve(cwd)}) has no taskpod plugin entry.`, {
      expected: `{ "plugins": [{ "plugin": "${PLUGIN_NAME}", "options": { ... } }] }`,
      hint: INIT_HINT,
    });
  }
  return root;
}
