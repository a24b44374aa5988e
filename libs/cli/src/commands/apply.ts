import type { Command } from '../command';
import { runCommandStep } from '../run-command-step';

const HELP = `Usage: taskpod apply <id> [--into current] [--no-push] [--no-pr] [--overwrite] [--force] [--json]

Commits the task's newest patch on branch taskpod/<id>, made from the base branch in a throwaway
git index with \`git apply --3way\` (your checkout is never touched), runs the configured verify
commands in a temporary worktree of the result, pushes the branch to origin when there is one, and
opens or updates its pull request when GITHUB_TOKEN and the repository (GITHUB_REPOSITORY or the
origin URL) are known.
The result goes to .patches/<id>/apply.json; applying the same patch again changes nothing.

Options:
  --into current  commit onto the current branch instead (refused when a file it changes is dirty)
  --no-push       do not push (and so open no pull request)
  --no-pr         push, but open no pull request
  --overwrite     when the patch does not apply, take the task's files as they are
  --force         apply a done task too
  --json          print apply.json
  -h, --help      show this help`;

export const applyCommand: Command = {
  name: 'apply',
  summary: 'commit the patch on taskpod/<id>, push, open or update the PR',
  help: HELP,
  options: {
    into: { type: 'string' },
    'no-push': { type: 'boolean' },
    'no-pr': { type: 'boolean' },
    overwrite: { type: 'boolean' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  run: async (args, io) => {
    const {
      task,
      result: record,
      decision,
    } = await runCommandStep('apply', HELP, args, io, {
      into: args.values.into,
      push: args.values['no-push'] === true ? false : undefined,
      pr: args.values['no-pr'] === true ? false : undefined,
      // Absent means "use the overwrite option from nx.json".
      overwrite: args.values.overwrite === true ? true : undefined,
      force: args.values.force,
    });
    const id = task.id;
    if (decision === 'skip-done') io.stderr(`${id} is done; apply has nothing to do.\n`);
    if (args.values.json) io.stdout(`${JSON.stringify(record, null, 2)}\n`);
    else if (!record) io.stdout(`${id} is done: nothing to apply (--force applies it anyway).\n`);
    else {
      const parts = [`${record.branch} ${record.commit.slice(0, 12)}`, record.method, record.pushed ? 'pushed' : 'not pushed'];
      if (record.pr_url) parts.push(`PR #${record.pr_number} ${record.pr_url}`);
      io.stdout(`${id}: ${parts.join(', ')}\n`);
    }
    return 0;
  },
};
