import { MANAGED_PATHS_TEXT, UserError, isManagedPath, type Task } from '@taskpod/core';
import { runGitResult } from '@taskpod/git';
import { type StepContext, workspaceGit } from './step-context';

/** Repositories (with their base branch) that passed, per process: a batch runs many tasks in one. */
const usable = new Set<string>();

/**
 * Refuses, before any model is asked, a run whose reply could not be used: a task with no output
 * it may write, a workspace that is not a git repository or has no commit yet (the patch is a diff
 * against one), or a configured `baseBranch` that does not exist (apply would have nowhere to go).
 * Each message says how to fix it. Only successes are remembered, so a fix is seen at once.
 */
export async function checkBeforePaying(ctx: StepContext, task: Task): Promise<void> {
  refuseUnwritableTask(task);
  const key = `${ctx.root}\0${ctx.config.baseBranch ?? ''}`;
  if (usable.has(key)) return;
  await refuseUnusableRepository(ctx, ctx.config.baseBranch);
  usable.add(key);
}

/** Whether an output can only name paths taskpod owns (the reply guard would refuse every one). */
function isOwnedOutput(glob: string): boolean {
  return (
    isManagedPath(glob) ||
    glob
      .replace(/^(\.\/)+/, '')
      .split('/')[0]!
      .toLowerCase() === '.git'
  );
}

function refuseUnwritableTask(task: Task): void {
  if (task.outputs.some((glob) => !isOwnedOutput(glob))) return;
  throw new UserError(
    `Task ${task.id} has no writable output: every output is a path taskpod owns (${MANAGED_PATHS_TEXT}, .git/), or none is declared, so nothing a model answers could be written. ` +
      `Declare the files it writes in \`outputs\` (${task.source.file}:${task.source.line}).`,
    { expected: "at least one output outside taskpod's own files, e.g. `outputs: [docs/spec.md]`", received: JSON.stringify(task.outputs) },
  );
}

async function refuseUnusableRepository(ctx: StepContext, baseBranch: string | undefined): Promise<void> {
  const root = ctx.root;
  const git = workspaceGit(ctx);
  const [head, base] = await Promise.all([
    runGitResult(git, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { okExitCodes: [1, 128] }),
    baseBranch
      ? runGitResult(git, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${baseBranch}^{commit}`], { okExitCodes: [1, 128] })
      : null,
  ]);
  if (head.exitCode === 128 && /not a git repository/i.test(head.stderr)) {
    throw new UserError(
      `${root} is not a git repository, and a run's patch is a git diff: make it one (\`git init && git add -A && git commit -m init\`), then run again.`,
    );
  }
  if (head.exitCode !== 0) {
    throw new UserError(
      `The repository at ${root} has no commit yet, and a run's patch is a diff against one: make a first commit (\`git commit --allow-empty -m init\`), then run again.`,
    );
  }
  if (base && base.exitCode !== 0) {
    throw new UserError(
      `baseBranch \`${baseBranch}\` does not exist in ${root}: set \`baseBranch\` in the taskpod plugin options in nx.json to an existing branch, or create it (\`git branch ${baseBranch}\`), then run again.`,
    );
  }
}
