import type { Command } from '../command';
import { runCommandStep } from '../run-command-step';

const HELP = `Usage: taskpod patch <id> [--staged] [--force] [--json]

Diffs the files the task's run wrote (.patches/<id>/files/) against HEAD of the base branch, in a
throwaway git index (your index and working tree are never touched), and writes
.patches/patch_<YYYYMMDD_HHMMSS>_<id>.diff (UTC, binary-safe) with its .yaml sidecar.
An empty change is an error, not an empty patch. A done task is left alone unless --force.

Options:
  --staged    make the patch from the repository's staged changes (work done by hand)
  --force     patch a done task too
  --json      print the sidecar as JSON
  -h, --help  show this help`;

export const patchCommand: Command = {
  name: 'patch',
  summary: "diff the task's outputs (or --staged changes) into .patches/",
  help: HELP,
  options: { staged: { type: 'boolean' }, force: { type: 'boolean' }, json: { type: 'boolean' } },
  run: async (args, io) => {
    const { task, result: meta, decision } = await runCommandStep('patch', HELP, args, io);
    const id = task.id;
    if (decision === 'skip-done') io.stderr(`${id} is done; patch has nothing to do.\n`);
    if (args.values.json) io.stdout(`${JSON.stringify(meta, null, 2)}\n`);
    else if (!meta) io.stdout(`${id} is done: nothing to patch (--force patches it anyway).\n`);
    else io.stdout(`.patches/${meta.patch_file}\n`);
    return 0;
  },
};
