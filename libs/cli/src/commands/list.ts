import { TASK_STATUSES, listRows, type TaskDependency, type TaskStatus } from '@taskpod/core';
import type { Command } from '../command';
import { colorsFor, formatTable } from '../format-table';
import { loadCliWorkspace } from '../load-cli-workspace';
import { resolvePodFilter, resolveStatusFilter } from '../resolve-filters';

const HELP = `Usage: taskpod list [--status STATUS] [--pod NAME] [--category NAME] [--json]

Lists every task in queue order with what it waits for: its depends_on, and implicit
dependencies on earlier tasks whose outputs overlap (so the two never run at the same time).

Options:
  --status STATUS  only tasks with this status (${TASK_STATUSES.join(', ')})
  --pod NAME       only tasks owned by this pod
  --category NAME  only tasks whose \`category\` field is NAME (the framework's pm, dev, qa, ...)
  --json           JSON for scripts: an array of { id, status, phase, phase_label, pod, priority,
                   category, created_at, file, depends_on, waits_for: [{ id, reason, path? }] }
  -h, --help       show this help`;

export const listCommand: Command = {
  name: 'list',
  summary: 'list tasks with status, pod, phase and what they wait for',
  help: HELP,
  options: { status: { type: 'string' }, pod: { type: 'string' }, category: { type: 'string' }, json: { type: 'boolean' } },
  run: async (args, io) => {
    let status: TaskStatus | undefined;
    // The framework's words and the workspace's statusAliases work here too (`--status "in progress"`).
    const { tasks, graph } = await loadCliWorkspace(
      io,
      (config) => (status = resolveStatusFilter(args.values.status, '--status', config.statusAliases)),
    );
    const pod = resolvePodFilter(args.values.pod, tasks, io);
    const category = typeof args.values.category === 'string' ? args.values.category : undefined;
    const rows = listRows(tasks, graph.dependencies, { status, pod, category });
    if (args.values.json) {
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    if (rows.length === 0) return 0;
    const colors = colorsFor(io.env, io.isTTY === true);
    const table = rows.map((r) => [
      r.id,
      statusColor(r.status, colors),
      r.phase === null ? '-' : String(r.phase),
      r.pod ?? '-',
      r.priority,
      waitsFor(r.waits_for),
    ]);
    io.stdout(`${formatTable(['ID', 'STATUS', 'PHASE', 'POD', 'PRIORITY', 'WAITS FOR'], table, colors)}\n`);
    return 0;
  },
};

/** `T1, T3 (both write docs/a.md)`: implicit dependencies say why. */
function waitsFor(deps: readonly TaskDependency[]): string {
  if (deps.length === 0) return '-';
  return deps.map((d) => (d.reason === 'outputs' ? `${d.id} (both write ${d.path})` : d.id)).join(', ');
}

function statusColor(status: TaskStatus, colors: ReturnType<typeof colorsFor>): string {
  if (status === 'done') return colors.green(status);
  if (status === 'ready' || status === 'in_progress') return colors.yellow(status);
  if (status === 'failed' || status === 'blocked') return colors.red(status);
  return status;
}
