import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './nx-workspace';

/** What the example is made of (as tools/demo/create-demo-workspace.mjs copies it), without its reply store. */
const EXAMPLE_FOLDERS = ['task_templates', 'memory', 'prompts', 'schemas'];

function filesUnder(rel: string, out: Record<string, string>): Record<string, string> {
  for (const entry of readdirSync(path.join(REPO_ROOT, rel), { withFileTypes: true })) {
    const child = `${rel}/${entry.name}`;
    if (entry.isDirectory()) filesUnder(child, out);
    else out[child] = readFileSync(path.join(REPO_ROOT, child), 'utf8');
  }
  return out;
}

/** The example backlog shipped in this repository, as files for makeNxWorkspace. */
export function exampleBacklog(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const folder of EXAMPLE_FOLDERS) filesUnder(folder, files);
  return files;
}
