import { ValidationError, errorIssues, formatIssue, readConfig, loadWorkspace, type TaskpodConfig, type Workspace } from '@taskpod/core';
import type { CliIo } from './command';
import { findWorkspaceRoot } from './find-workspace-root';

/**
 * The workspace as commands see it: root found from cwd, config from nx.json, every task loaded.
 * Errors throw one ValidationError (main formats it); warnings go to stderr and do not stop the command.
 */
export async function loadCliWorkspace(
  io: CliIo,
  /** Checks of the flags against the config, run before any task file is read: usage errors come first. */
  checkFlags?: (config: TaskpodConfig) => void,
): Promise<Workspace & { root: string; config: TaskpodConfig }> {
  const root = findWorkspaceRoot(io.cwd);
  const config = readConfig(root);
  checkFlags?.(config);
  const workspace = await loadWorkspace(root, config);
  const errors = errorIssues(workspace.issues);
  if (errors.length > 0) throw new ValidationError(errors);
  for (const issue of workspace.issues) io.stderr(`taskpod: warning: ${formatIssue(issue)}\n`);
  return { ...workspace, root, config };
}
