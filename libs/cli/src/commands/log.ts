import type { Command } from '../command';
import { runCommandStep } from '../run-command-step';

const HELP = `Usage: taskpod log <id> [--force] [--json]

Records the task's applied patch: a row in .logs/trace_log.md, a line in .logs/ledger.jsonl,
metrics/metrics.yaml recomputed, a run section in .logs/feedback/<id>.md (above the
"Human feedback" section, which is never touched), and status done + updated_at in its task.yaml.
Needs the records of \`taskpod patch\` and \`taskpod apply\`. Logging the same patch again adds nothing.
A done task is left alone unless --force.

Options:
  --force     log a done task too (its patch is still recorded only once)
  --json      JSON for scripts: { id, appended, skipped, written, patch_file, task_fields }
  -h, --help  show this help`;

export const logCommand: Command = {
  name: 'log',
  summary: 'record the applied patch: trace log, metrics, feedback, status done',
  help: HELP,
  options: { force: { type: 'boolean' }, json: { type: 'boolean' } },
  run: async (args, io) => {
    const { task, result } = await runCommandStep('log', HELP, args, io);
    const id = task.id;
    if (args.values.json) {
      const json = result
        ? {
            id,
            appended: result.appended,
            skipped: false,
            written: result.written,
            patch_file: result.entry?.patch_file ?? null,
            task_fields: result.taskFields,
          }
        : { id, appended: false, skipped: true, written: [], patch_file: null, task_fields: [] };
      io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    } else if (!result) {
      io.stdout(`${id} is done: nothing to log (--force logs it anyway).\n`);
    } else {
      const what = result.written.length ? `wrote ${result.written.join(', ')}` : 'nothing to add';
      io.stdout(`${id}: ${result.appended ? 'logged' : 'already logged'} ${result.entry?.patch_file}; ${what}\n`);
    }
    return 0;
  },
};
