import * as path from 'node:path';
import { DEFAULT_REPORT_FILE, writeReport } from '@taskpod/report';
import type { Command } from '../command';
import { loadCliWorkspace } from '../load-cli-workspace';
import { openWithPlatformOpener, platformOpener } from '../open-with-platform-opener';

const HELP = `Usage: taskpod report [--out FILE] [--open]

Writes one self-contained HTML page about the workspace: a status board by phase and pod (every
task with its status, what blocks it and its PR), spend by pod, phase and model over time against
the budgets in the plugin options, tokens, throughput, model step durations and the last runs.
Built from .logs/ledger.jsonl, the records under .patches/ and the task files. The page loads
nothing from the network (styles, script and charts are inline) and calls no model.

Options:
  --out FILE  where to write it (default ${DEFAULT_REPORT_FILE} in the workspace root; FILE is
              relative to the current folder)
  --open      open it with the platform's opener (xdg-open, open, start); says so when there is none
  -h, --help  show this help`;

export const reportCommand: Command = {
  name: 'report',
  summary: 'write an HTML report: status board, spend against budgets, throughput, last runs',
  help: HELP,
  options: { out: { type: 'string' }, open: { type: 'boolean' } },
  run: async (args, io) => {
    const { tasks, config, root } = await loadCliWorkspace(io);
    const out = typeof args.values.out === 'string' ? path.resolve(io.cwd, args.values.out) : path.join(root, DEFAULT_REPORT_FILE);
    const { file, model, bytes } = await writeReport(root, out, { tasks, config, now: new Date() });
    for (const note of model.notes) io.stderr(`taskpod: warning: ${note}\n`);
    const shown = path.relative(io.cwd, file) || file;
    io.stdout(
      `Wrote ${shown} (${model.taskCount} task${model.taskCount === 1 ? '' : 's'}, ${model.totals.tasks_done} done, ${(bytes / 1024).toFixed(0)} kB).\n`,
    );
    if (args.values.open) {
      const opener = openWithPlatformOpener(file, io.env);
      io.stdout(
        opener
          ? `Opened it with ${opener}.\n`
          : `No ${platformOpener(process.platform, file).command} on this machine to open it: open ${file} in a browser.\n`,
      );
    }
    return 0;
  },
};
