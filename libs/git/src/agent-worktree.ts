import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { readWorktreeEdits } from './read-worktree-edits';
import { type GitContext, inDir, runGit } from './run-git';
import { withTemporaryWorktree } from './worktree';

/** Where a command-line agent edits, and how its edits are read back (the shell provider's needs). */
export interface AgentWorktree {
  /** The workspace's folder inside the worktree (the workspace may be a subfolder of the repository). */
  dir: string;
  /** Files added or modified under `dir` since HEAD, untracked ones included, relative to `dir`. */
  readEdits(): Promise<{ path: string; content: string }[]>;
}

/**
 * Gives `work` a detached worktree of HEAD outside the repository and always removes it afterwards,
 * so a command-line agent can edit freely without touching the user's checkout.
 */
export async function withAgentWorktree<T>(workspace: GitContext, work: (tree: AgentWorktree) => Promise<T>): Promise<T> {
  const what = `The shell provider runs its agent in a temporary worktree of HEAD, so ${workspace.cwd} must be inside a git repository with at least one commit.`;
  // One call for the workspace's place in the repository and the commit the worktree starts from.
  const [prefix = '', head = ''] = (await runGit(workspace, ['rev-parse', '--show-prefix', 'HEAD^{commit}'], { what })).split('\n');
  return withTemporaryWorktree(
    workspace,
    head,
    (tree) => {
      const dir = path.join(tree.cwd, prefix);
      mkdirSync(dir, { recursive: true });
      return work({ dir, readEdits: () => readWorktreeEdits(inDir(tree, dir), prefix) });
    },
    { checkout: true },
  );
}
