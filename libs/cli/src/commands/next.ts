import { orderQueue, selectNextTask, type QueueEntry } from '@taskpod/core';
import type { Command } from '../command';
import { colorsFor, formatTable } from '../format-table';
import { loadCliWorkspace } from '../load-cli-workspace';
import { resolvePodFilter } from '../resolve-filters';

const HELP = `Usage: taskpod next [--pod NAME] [--all] [--json]

Prints the id of the first actionable task: status ready, every depends_on task done, and (phase
barrier) every task of a smaller numeric phase done or cancelled. Prints nothing when none is.
Order: numeric phase (none last), priority, created_at (missing last), id in natural order.

Options:
  --pod NAME  only tasks owned by this pod
  --all       every ready task in order, actionable or not, with what blocks it
  --json      JSON for scripts: the first actionable task (or null); with --all an array of
              { id, phase, pod, priority, created_at, status, actionable, blocked_by }
  -h, --help  show this help`;

export const nextCommand: Command = {
  name: 'next',
  summary: 'print the next actionable task (--all: the whole queue)',
  help: HELP,
  options: { pod: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } },
  run: async (args, io) => {
    const { tasks, config } = await loadCliWorkspace(io);
    const pod = resolvePodFilter(args.values.pod, tasks, io);
    const options = { phaseBarrier: config.phaseBarrier, ...(pod !== undefined ? { pod } : {}) };
    if (args.values.all) {
      const queue = orderQueue(tasks, options);
      if (args.values.json) io.stdout(`${JSON.stringify(queue, null, 2)}\n`);
      else if (queue.length > 0) io.stdout(`${formatQueue(queue, colorsFor(io.env, io.isTTY === true))}\n`);
      return 0;
    }
    const next = selectNextTask(tasks, options);
    if (args.values.json) io.stdout(`${JSON.stringify(next, null, 2)}\n`);
    else if (next) io.stdout(`${next.id}\n`);
    return 0;
  },
};

function formatQueue(queue: QueueEntry[], colors: ReturnType<typeof colorsFor>): string {
  const rows = queue.map((e) => [
    e.actionable ? colors.green(e.id) : e.id,
    e.phase === null ? '-' : String(e.phase),
    e.pod ?? '-',
    e.priority,
    e.created_at ?? '-',
    e.actionable ? colors.green('actionable') : colors.yellow(`blocked by ${shortList(e.blocked_by)}`),
  ]);
  return formatTable(['ID', 'PHASE', 'POD', 'PRIORITY', 'CREATED', 'STATE'], rows, colors);
}

/** At most five ids, then a count, so a phase of thousands stays one readable line. */
export function shortList(ids: readonly string[]): string {
  return ids.length <= 5 ? ids.join(', ') : `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more`;
}
