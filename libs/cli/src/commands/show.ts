import { UsageError, unknownTaskIdError } from '@taskpod/core';
import type { Command } from '../command';
import { colorsFor } from '../format-table';
import { describeTask } from '../lifecycle/describe-task';
import { formatTaskDescription } from '../lifecycle/format-task-description';
import { loadCliWorkspace } from '../load-cli-workspace';

const HELP = `Usage: taskpod show <id> [--json]

Prints everything about one task: every field, its status and why it is not offered by
\`taskpod next\` (depends_on tasks not done, the phase barrier) and which earlier tasks it never runs
beside (overlapping outputs); its last run (provider, model, tokens, cost, from the reply store or
not) and each logged patch from the ledger; its patch, branch and pull request; the step that failed
last; its feedback file and the human feedback the next run reads; and what is left of each budget
that applies to it (\`budgets\` in the plugin options, its own \`budget_usd\`).

Options:
  --json      JSON for scripts: { id, file, status, ..., fields, blocked_by: { actionable, depends_on,
              phase_barrier, outputs }, last_run, logged, patch, apply, failure, feedback, budget }
  -h, --help  show this help`;

export const showCommand: Command = {
  name: 'show',
  summary: 'everything about one task: fields, why it waits, runs, patch, PR, feedback',
  help: HELP,
  options: { json: { type: 'boolean' } },
  run: async (args, io) => {
    if (args.positionals.length !== 1)
      throw new UsageError(`\`taskpod show\` takes exactly one task id.\n\n${HELP}`, { received: args.positionals.join(' ') || 'nothing' });
    const [id] = args.positionals as [string];
    const workspace = await loadCliWorkspace(io);
    const task = workspace.tasks.find((t) => t.id === id);
    if (!task) throw unknownTaskIdError(id, workspace.tasks, workspace.config.tasksGlob);
    const description = await describeTask(workspace.root, workspace.config, workspace, task);
    if (args.values.json) io.stdout(`${JSON.stringify(description, null, 2)}\n`);
    else io.stdout(`${formatTaskDescription(description, colorsFor(io.env, process.stdout.isTTY))}\n`);
    return 0;
  },
};
