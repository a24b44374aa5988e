import { UserError, type ApplyRecord, type StackedOn, type Task } from '@taskpod/core';
import { readCommitsBeyond } from '@taskpod/git';
import { type StepContext, workspaceGit } from './step-context';

export interface RestackInput {
  /** `taskpod/<id>` now, or null when it does not exist. */
  tip: string | null;
  base: string;
  start: string;
  stackedOn: readonly StackedOn[];
  previous: ApplyRecord | null;
}

/**
 * Refuses, before anything moves, to rebuild a stacked `taskpod/<id>` on a new start when the
 * branch holds a commit taskpod did not make: every commit on it beyond the base, the new start and
 * the upstream commits it was and is built on must carry `Task-Id: <id>` (the merge taskpod makes
 * for several dependencies carries it too). Rebuilding would drop any other commit.
 */
export async function refuseForeignCommits(ctx: StepContext, task: Task, input: RestackInput): Promise<void> {
  const before = input.previous?.stacked_on ?? [];
  if (input.tip === null || (input.stackedOn.length === 0 && before.length === 0)) return;
  const upstream = [...input.stackedOn, ...before].map((s) => s.commit);
  const commits = await readCommitsBeyond(workspaceGit(ctx), input.tip, [input.base, input.start, ...upstream]);
  const foreign = commits.filter((c) => c.trailers['Task-Id'] !== task.id);
  if (foreign.length === 0) return;
  const named = foreign.map((c) => `${c.commit.slice(0, 12)} "${c.subject}"`).join(', ');
  throw new UserError(
    `Refusing to rebase taskpod/${task.id} onto its upstream: it has ${foreign.length === 1 ? 'a commit' : 'commits'} taskpod did not make (no \`Task-Id: ${task.id}\` trailer): ${named}. Nothing was changed.`,
    {
      hint: `Keep ${foreign.length === 1 ? 'it' : 'them'} on another branch (\`git branch keep-${task.id} taskpod/${task.id}\`), reset taskpod/${task.id} to taskpod's commit, then run apply again.`,
    },
  );
}
