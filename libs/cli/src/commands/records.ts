import { UsageError } from '@taskpod/core';
import { recomputeRecords } from '@taskpod/ledger';
import { configureRecordsMerge } from '@taskpod/pipeline/records-merge-driver';
import type { Command } from '../command';
import { findWorkspaceRoot } from '../find-workspace-root';

const HELP = `Usage: taskpod records [--json]

Writes what .logs/ledger.jsonl says: metrics/metrics.yaml recomputed (whatever it holds, a merge's
conflict markers included) and the rows of undone patches in .logs/trace_log.md marked. \`log\` does
this with every record; run it after a merge that conflicted in metrics/metrics.yaml (in a clone
where taskpod never logged, git lacks taskpod's merge driver), then \`git add metrics/metrics.yaml\`.
Also sets that driver in this clone's git config (merge.taskpod-metrics.driver), so the next merge
needs nothing.

Options:
  --json      JSON for scripts: { written }
  -h, --help  show this help`;

export const recordsCommand: Command = {
  name: 'records',
  summary: "recompute metrics and the trace log's undone marks from the ledger (after a merge)",
  help: HELP,
  options: { json: { type: 'boolean' } },
  run: async (args, io) => {
    if (args.positionals.length > 0)
      throw new UsageError(`\`taskpod records\` takes no arguments.\n\n${HELP}`, { received: args.positionals.join(' ') });
    const root = findWorkspaceRoot(io.cwd);
    await configureRecordsMerge({ root, env: io.env });
    const written = await recomputeRecords(root);
    if (args.values.json) io.stdout(`${JSON.stringify({ written }, null, 2)}\n`);
    else if (written.length === 0) io.stdout('The records already agree with the ledger: nothing to write.\n');
    else io.stdout(`Recomputed from the ledger: ${written.join(', ')}.\n`);
    return 0;
  },
};
