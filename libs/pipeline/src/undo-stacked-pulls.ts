import { UserError, type Task } from '@taskpod/core';
import { listPullRequestsOnto, type Octokit, type PullRequestOnto } from '@taskpod/github';

/**
 * Refuses to delete `taskpod/<id>` on origin while an open pull request targets it: GitHub closes a
 * pull request whose base branch is deleted (it retargets only after a merge), so the dependent's
 * review would be lost. Pull requests this same undo closes first (`closedFirst`, a cascade's
 * dependents) do not count. Returns the ones it found, for the plan.
 */
export async function refuseStackedPullRequests(
  task: Task,
  github: { client: Octokit; repo: { owner: string; name: string } },
  closedFirst: ReadonlySet<number>,
): Promise<PullRequestOnto[]> {
  const branch = `taskpod/${task.id}`;
  const onto = await listPullRequestsOnto(github.client, github.repo, branch);
  const left = onto.filter((p) => !closedFirst.has(p.number));
  if (left.length === 0) return onto;
  const named = left.map((p) => `#${p.number} ${p.url} (${describeHead(p.head)})`);
  const dependents = left.map((p) => taskOf(p.head)).filter((id): id is string => id !== null);
  const others = left.filter((p) => taskOf(p.head) === null);
  const hints: string[] = [];
  if (dependents.length > 0)
    hints.push(
      `Undo ${dependents.join(', ')} first (\`taskpod undo ${dependents[0]}\`), or everything stacked on ${task.id} with it: \`taskpod undo ${task.id} --cascade\`.`,
    );
  if (others.length > 0)
    hints.push(
      `Point ${others.map((p) => `#${p.number}`).join(', ')} at another base (\`gh pr edit ${others[0]!.number} --base <branch>\`) or close it, then run undo again.`,
    );
  throw new UserError(
    `Refusing to undo ${task.id}: open pull request${left.length === 1 ? '' : 's'} ${named.join(', ')} target${left.length === 1 ? 's' : ''} ${branch}; deleting ${branch} on origin would make GitHub close ${left.length === 1 ? 'it' : 'them'}. Nothing was changed.`,
    { hint: hints.join(' ') },
  );
}

/** The task a `taskpod/<id>` head belongs to, else null (a branch taskpod did not make). */
const taskOf = (head: string): string | null => /^taskpod\/([^/]+)$/.exec(head)?.[1] ?? null;

const describeHead = (head: string) => (taskOf(head) ? `task ${taskOf(head)}, ${head}` : head);
