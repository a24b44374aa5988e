import {
  TaskpodError,
  UsageError,
  UserError,
  didYouMean,
  loadWorkspace,
  orderQueue,
  selectNextTask,
  type ApplyRecord,
  type ClaimedRecord,
  type FailureRecord,
  type RunRecord,
  type Task,
} from '@taskpod/core';
import { readApplyRecord, readClaimedRecord, readFailureRecord, readRunRecord } from '@taskpod/core/records';
import { randomUUID } from 'node:crypto';
import type { Command } from '../command';
import { colorsFor, formatTable } from '../format-table';
import { loadCliWorkspace } from '../load-cli-workspace';
import { buildRunManyArgs } from '../build-run-many-args';
import { filterNxOutput } from '../filter-nx-output';
import { INTERRUPTED, runNx } from '../run-nx';
import { startRunProgress } from '../run-progress';
import { PROGRESS_SOCKET_ENV } from '@taskpod/pipeline/call-progress';
import { MAX_COST_ENV, RUN_ID_ENV } from '@taskpod/pipeline/spend-env';
import { RUNNER_ENV, defaultRunnerName } from '@taskpod/pipeline/claim-settings';
import { gitCommonDir } from '@taskpod/git';
import { type TaskOutcome, formatTotals, outcomeJson, totalsOf } from '../run-totals';
import { appendStepSummary } from '../format-step-summary';
import { isSpendEntry, readLedger } from '@taskpod/ledger';
import { runBudgetLines } from '../run-budget-lines';

const HELP = `Usage: taskpod run <id...> | --next | --ready [--fresh] [--parallel N] [--max-cost USD] [--json]

Runs the whole pipeline (run -> patch -> apply -> log) through Nx for the chosen tasks, like
\`nx run-many -t log -p <ids>\`: dependencies and earlier phases run first, unchanged tasks are
cache hits, and a done task is a no-op. Prints Nx's progress and a line when each model call
starts and ends (with a heartbeat for calls still in flight; in a terminal, a live status line),
then a summary table with totals. Ctrl-C (SIGINT) or SIGTERM stops nx and its steps; a second
Ctrl-C stops at once. Exit 0 when every task is done, 1 when one is not, 130/143 when interrupted.
In GitHub Actions (GITHUB_STEP_SUMMARY set) the summary is also appended to that file as Markdown.
With an origin, each task is claimed there before its model is asked (refs/taskpod/claims/<id>):
a task another runner holds is skipped and reported as claimed, and paid replies are shared
through origin (README, "Many machines"; TASKPOD_RUNNER, TASKPOD_CLAIM_LEASE, TASKPOD_CLAIMS).

Options:
  --next        the first actionable task (as \`taskpod next\` prints it)
  --ready       every task with status ready
  --fresh       ask the model anew even when the reply store or the Nx cache has an answer
  --parallel N  how many tasks Nx runs at once (default Nx's, 3)
  --max-cost USD  the most this run may spend on model calls: a call whose estimate would pass
                what is left is refused before anything is sent (see README, "Spend and budgets")
  --json        the summary as JSON on stdout ({ tasks, totals, exit_code }); Nx's output goes to stderr;
                totals count every request this run paid for, from the ledger
  -h, --help    show this help`;

export const runCommand: Command = {
  name: 'run',
  summary: 'run tasks through the whole pipeline with Nx (--next, --ready)',
  help: HELP,
  options: {
    next: { type: 'boolean' },
    ready: { type: 'boolean' },
    fresh: { type: 'boolean' },
    parallel: { type: 'string' },
    'max-cost': { type: 'string' },
    json: { type: 'boolean' },
  },
  run: async (args, io) => {
    const modes = [args.positionals.length > 0, args.values.next === true, args.values.ready === true].filter(Boolean).length;
    if (modes !== 1) throw new UsageError(`Name the tasks to run: task ids, --next or --ready (one of them).\n\n${HELP}`);
    const parallel = args.values.parallel;
    if (parallel !== undefined && !/^[1-9]\d*$/.test(String(parallel))) {
      throw new UsageError(`Expected --parallel to be a positive integer, got \`${String(parallel)}\`.`);
    }
    const maxCost = args.values['max-cost'];
    if (maxCost !== undefined && !/^(\d+(\.\d*)?|\.\d+)$/.test(String(maxCost).trim())) {
      throw new UsageError(`Expected --max-cost to be a non-negative number of USD, got \`${String(maxCost)}\`.`);
    }
    const { tasks, config, root } = await loadCliWorkspace(io);
    const ids = chooseTasks(tasks, args.positionals, args.values, config.phaseBarrier);
    if (ids.length === 0) {
      io.stderr(args.values.next ? 'taskpod: no task is actionable.\n' : 'taskpod: no task is ready.\n');
      return 0;
    }
    const nxArgs = buildRunManyArgs(config.targetNames.log, ids, {
      parallel: parallel === undefined ? undefined : String(parallel),
      skipCache: args.values.fresh === true,
    });
    const env: NodeJS.ProcessEnv = {};
    if (args.values.fresh) env.TASKPOD_FRESH = '1';
    // Every step of this run tags its paid calls with the run's id; --max-cost caps their sum.
    const runId = randomUUID();
    env[RUN_ID_ENV] = runId;
    if (maxCost !== undefined) env[MAX_COST_ENV] = String(maxCost).trim();
    // One runner name for every step of this run, so its claims on origin read as one runner's.
    if (!io.env[RUNNER_ENV]?.trim()) env[RUNNER_ENV] = defaultRunnerName(root);
    // The run targets execute as one Nx batch, which reads its parallelism from NX_PARALLEL.
    if (parallel !== undefined) env.NX_PARALLEL = String(parallel);
    const startedAt = new Date();
    const heartbeatMs = Number(io.env.TASKPOD_HEARTBEAT_MS) > 0 ? Number(io.env.TASKPOD_HEARTBEAT_MS) : undefined;
    const view = await startRunProgress(io, { live: io.stderrIsTTY === true && !io.env.CI, ...(heartbeatMs ? { heartbeatMs } : {}) });
    env[PROGRESS_SOCKET_ENV] = view.socketPath;
    // With --json, stdout carries the summary alone.
    const nxIo = { ...view.io, stdout: filterNxOutput(args.values.json ? view.io.stderr : view.io.stdout) };
    let nx: Awaited<ReturnType<typeof runNx>>;
    try {
      nx = await runNx(root, nxArgs, nxIo, env);
    } finally {
      await view.close();
    }
    const wallSeconds = (Date.now() - startedAt.getTime()) / 1000;
    // Reloaded because the log step rewrote the task files; warnings were already shown once.
    const after = await loadWorkspace(root, config);
    const statuses = new Map(after.tasks.map((t) => [t.id, t.status] as const));
    const doneBefore = new Set(tasks.filter((t) => t.status === 'done').map((t) => t.id));
    const gitDir = await gitCommonDir({ cwd: root, env: io.env });
    const outcomes = await Promise.all(ids.map((id) => readOutcome(root, gitDir, id, statuses.get(id), startedAt, doneBefore.has(id))));
    const spend = (await readLedger(root)).filter(isSpendEntry);
    const totals = totalsOf(outcomes, spend, runId, wallSeconds);
    // An interrupt keeps its signal's code; otherwise Nx 23's 130 for skipped dependents of a failed
    // task (it counts them as interrupted) is a plain failure.
    // A task another runner holds is that runner's to finish: skipping it is no failure of this run.
    const finished = outcomes.every((o) => o.result === 'done' || o.result === 'claimed');
    const skipped = outcomes.some((o) => o.result === 'claimed');
    const exitCode = nx.signal ? INTERRUPTED[nx.signal] : finished && (nx.code === 0 || skipped) ? 0 : 1;
    try {
      appendStepSummary(io.env, outcomes, totals);
    } catch (error) {
      io.stderr(
        `taskpod: warning: could not append the run summary to GITHUB_STEP_SUMMARY (${io.env.GITHUB_STEP_SUMMARY}): ${(error as Error).message}\n`,
      );
    }
    if (args.values.json) {
      io.stdout(`${JSON.stringify({ tasks: outcomes.map(outcomeJson), totals, exit_code: exitCode }, null, 2)}\n`);
      return exitCode;
    }
    io.stdout(`\n${summarise(outcomes, colorsFor(io.env, io.isTTY === true))}\n${formatTotals(totals)}\n`);
    const chosen = tasks.filter((t) => ids.includes(t.id));
    const budgetLines = runBudgetLines(root, config, chosen, maxCost === undefined ? null : { runId, maxCostUsd: Number(maxCost) });
    if (budgetLines.length > 0) io.stdout(`${budgetLines.join('\n')}\n`);
    const notes = outcomes.map((o) => o.note).filter((note): note is string => note !== null);
    if (notes.length > 0) io.stdout(`\n${notes.join('\n')}\n`);
    return exitCode;
  },
};

function chooseTasks(tasks: Task[], positionals: string[], values: Record<string, unknown>, phaseBarrier: boolean): string[] {
  if (values.next) {
    const next = selectNextTask(tasks, { phaseBarrier });
    return next ? [next.id] : [];
  }
  if (values.ready) return orderQueue(tasks, { phaseBarrier }).map((entry) => entry.id);
  const known = new Set(tasks.map((t) => t.id));
  const unknown = positionals.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    const ids = [...known];
    const hints = unknown
      .map((id) => didYouMean(id, ids))
      .filter(Boolean)
      .join('');
    throw new UserError(`Unknown task id${unknown.length === 1 ? '' : 's'}: ${unknown.join(', ')}.${hints}`, {
      hint: 'Run `taskpod list` to see the task ids.',
    });
  }
  return positionals;
}

/**
 * What happened to one task in this run, from the records its steps left. A broken record does not
 * hide the rest of the summary: it reads as absent, and a note names the file and field.
 */
async function readOutcome(
  root: string,
  gitDir: string | null,
  id: string,
  status: string | undefined,
  startedAt: Date,
  doneBefore: boolean,
): Promise<TaskOutcome> {
  const broken: string[] = [];
  const orNull = <T>(read: Promise<T | null>) =>
    read.catch((error: unknown) => {
      if (!(error instanceof TaskpodError)) throw error;
      broken.push(`${id}: ${firstLine(error.message)}`);
      return null;
    });
  const [run, apply, failure, claimed] = await Promise.all([
    orNull(readRunRecord(root, id)),
    orNull(readApplyRecord(root, id)),
    orNull(readFailureRecord(root, id)),
    gitDir ? orNull(readClaimedRecord(gitDir, id)) : Promise.resolve(null),
  ]);
  const outcome = decideOutcome(id, status, startedAt, doneBefore, run, apply, failure, claimed);
  return broken.length ? { ...outcome, note: [outcome.note, ...broken].filter(Boolean).join('\n') } : outcome;
}

function decideOutcome(
  id: string,
  status: string | undefined,
  startedAt: Date,
  doneBefore: boolean,
  run: RunRecord | null,
  apply: ApplyRecord | null,
  failure: FailureRecord | null,
  claimed: ClaimedRecord | null,
): TaskOutcome {
  const replayed = run !== null && Date.parse(run.started_at) < startedAt.getTime() - 1000;
  if (status === 'done') {
    const note = doneBefore ? null : replayed ? `${id}: Nx cache hit: replays the run of ${run.started_at} (no model call now).` : null;
    return { id, result: 'done', run, apply, note };
  }
  if (failure && Date.parse(failure.at) >= startedAt.getTime() - 1000) {
    return { id, result: 'failed', run, apply, note: `${id} failed in \`${failure.target}\`: ${firstLine(failure.message)}` };
  }
  if (claimed && Date.parse(claimed.seen_at) >= startedAt.getTime() - 1000) {
    return { id, result: 'claimed', run: null, apply: null, note: describeClaim(claimed) };
  }
  if (status === 'ready' || status === 'in_progress' || status === 'failed') {
    return { id, result: 'not run', run, apply, note: `${id} did not run: a task or step it waits for failed.` };
  }
  return { id, result: status ?? 'unknown', run, apply, note: null };
}

/** Who holds the task that this runner skipped, and until when (or where it was delivered). */
function describeClaim(claim: ClaimedRecord): string {
  if (claim.state === 'delivered') {
    const where = [claim.branch, claim.pr_url].filter(Boolean).join(', ');
    return `${claim.task_id}: skipped: delivered by ${claim.runner}${where ? ` (${where})` : ''}; run it with --fresh to ask anew.`;
  }
  return `${claim.task_id}: skipped: claimed by ${claim.runner} (lease until ${claim.lease_expires_at}).`;
}

const firstLine = (text: string) =>
  text
    .split('\n')
    .find((line) => line.trim() !== '')
    ?.trim() ?? text;

/** One row per task, so the table says what actually happened. */
function summarise(outcomes: TaskOutcome[], colors: ReturnType<typeof colorsFor>): string {
  const rows = outcomes.map(({ id, result, run, apply }) => [
    id,
    result === 'done' ? colors.green('done') : result === 'claimed' ? colors.yellow('claimed') : colors.red(result),
    apply?.branch ?? '-',
    apply?.pr_url ?? (apply?.pr_number ? `#${apply.pr_number}` : '-'),
    run ? `${run.tokens_in}+${run.tokens_out}` : '-',
    run ? (run.cost_usd === null ? 'unknown' : `$${run.cost_usd.toFixed(4)}`) : '-',
  ]);
  return formatTable(['TASK', 'RESULT', 'BRANCH', 'PR', 'TOKENS', 'COST'], rows, colors);
}
