import type { Tree } from '@nx/devkit';
import { buildInitPlan, INIT_FILES } from './init/build-init-plan';
import { findIgnoredRecords, findInitRoot, readInitInput } from './init/read-init-input';

/**
 * `nx add taskpod` / `nx g taskpod:init`: the same plan as `taskpod init`, written through Nx's tree
 * (Nx prints each CREATE and UPDATE and honours --dry-run).
 */
export default async function initGenerator(tree: Tree, options: { ciMatrix?: number } = {}): Promise<() => void> {
  // A generator has no io of its own: git runs in the environment Nx was started with.
  findInitRoot(tree.root, process.env);
  const input = readInitInput(tree.root);
  // The tree may hold changes earlier generators made; plan from it, not from the disk.
  input.files = {};
  for (const file of INIT_FILES) {
    const text = tree.read(file, 'utf8');
    if (text !== null) input.files[file] = text;
  }
  input.hasTasksFolder = tree.exists('task_templates');
  input.ciMatrix = options.ciMatrix;
  const plan = buildInitPlan(input);
  for (const change of plan.changes) tree.write(change.path, change.content);
  return () => {
    for (const rule of findIgnoredRecords(tree.root, process.env))
      console.warn(`taskpod: warning: .gitignore still ignores a record: ${rule}`);
    for (const note of plan.notes) console.log(note);
  };
}
