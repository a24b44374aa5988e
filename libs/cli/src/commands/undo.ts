import { UsageError } from '@taskpod/core';
import { carryOutTaskUndo, createStepContext, planTaskUndo } from '@taskpod/pipeline';
import type { CliIo, Command } from '../command';
import { findTasks } from '../lifecycle/find-tasks';
import { loadCliWorkspace } from '../load-cli-workspace';

const HELP = `Usage: taskpod undo <id> [--yes] [--cascade] [--json]

Takes back what the task did: closes its open pull request with a comment (for a merged one it
opens a revert pull request instead), deletes taskpod/<id> on origin and here (only when every
commit on it is taskpod's own, by its Task-Id trailer), reverts an \`--into current\` apply with a
new commit (never a reset; refused when a file it changes has uncommitted changes), marks its
logged patches undone in the ledger (metrics stop counting the task as done and its files and
lines, its spend stays counted, its trace row stays, marked "(undone <time>)"), and sets its status
back to ready. The patch, run record and reply store stay, so a rerun without new feedback asks no
model. Every check runs before anything changes; a second undo says there is nothing to undo.

It asks before changing anything; where nobody can answer (standard input is not a terminal),
pass --yes. A task that depends on this one and has a branch or records of its own is named and
left alone, unless --cascade. While an open pull request targets taskpod/<id> (a dependent's
stacked PR) undo refuses, naming it, since GitHub would close it with the branch: undo the
dependent first, or use --cascade, which closes the dependent's PR before this branch goes.

Options:
  --yes       undo without asking
  --cascade   undo the tasks that depend on it and have work of their own too, the farthest first
  --json      JSON for scripts: { tasks: [{ id, nothing, actions, done }], left_alone: [{ id, has }] }
  -h, --help  show this help`;

export const undoCommand: Command = {
  name: 'undo',
  summary: "take back a task's branch, PR, commit and ledger entries; status ready",
  help: HELP,
  options: { yes: { type: 'boolean' }, cascade: { type: 'boolean' }, json: { type: 'boolean' } },
  run: async (args, io) => {
    if (args.positionals.length !== 1)
      throw new UsageError(`\`taskpod undo\` takes exactly one task id.\n\n${HELP}`, { received: args.positionals.join(' ') || 'nothing' });
    const workspace = await loadCliWorkspace(io);
    const [task] = findTasks(args.positionals, workspace.tasks, workspace.config.tasksGlob);
    // Steps report through the lines undo returns; their own log would repeat them.
    const ctx = createStepContext(workspace.root, workspace.config, { env: io.env, log: () => {} });
    const undo = await planTaskUndo(ctx, workspace.tasks, task!, { cascade: args.values.cascade === true });
    const json = args.values.json === true;
    const out = (text: string) => {
      if (!json) io.stdout(text);
    };
    for (const d of undo.leftAlone)
      out(`${d.id} depends on ${task!.id} and has its own ${d.has.join(', ')}: left alone (--cascade undoes it too).\n`);
    for (const p of undo.plans.filter((p) => p.nothing !== null)) out(`${p.nothing}\n`);
    if (undo.todo.length > 0) {
      for (const p of undo.todo) out(`Undo ${p.task.id}:\n${p.actions.map((a) => `  - ${a}\n`).join('')}`);
      if (args.values.yes !== true && !(await confirmed(io, task!.id))) {
        io.stderr('taskpod: nothing was changed.\n');
        return 1;
      }
    }
    const tasks = await carryOutTaskUndo(ctx, undo, (id, done) => {
      for (const line of done) out(`${id}: ${line}\n`);
    });
    if (undo.todo.length > 0)
      out(`${undo.todo.map((p) => p.task.id).join(', ')} ready again; a rerun without new feedback reuses the stored reply.\n`);
    if (json) io.stdout(`${JSON.stringify({ tasks, left_alone: undo.leftAlone }, null, 2)}\n`);
    return 0;
  },
};

/** Whether the person at the terminal said yes; without a terminal, a usage error naming --yes. */
async function confirmed(io: CliIo, id: string): Promise<boolean> {
  if (!io.stdinIsTTY || !io.ask)
    throw new UsageError(
      `\`taskpod undo ${id}\` asks before it changes anything, and standard input is not a terminal: pass --yes to undo without asking.`,
    );
  return /^\s*y(es)?\s*$/i.test(await io.ask('Go ahead? [y/N] '));
}
