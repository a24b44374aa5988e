import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { taskPaths, type ApplyRecord, type RunRecord, type Task } from '@taskpod/core';
import { readLedger, type LedgerEntry } from '@taskpod/ledger';
import { budgetsFrom, type Budgets } from './budgets-from';

/** A ledger line as the report reads it: today's fields, plus whatever kinds and fields later versions add. */
export type ReportEntry = LedgerEntry & Record<string, unknown>;

/** Everything the page is built from. */
export interface ReportInputs {
  title: string;
  tasks: Task[];
  entries: ReportEntry[];
  /** `.patches/<id>/run.json` and `apply.json`, by task id, for the tasks that have them. */
  runs: Map<string, RunRecord>;
  applies: Map<string, ApplyRecord>;
  budgets: Budgets | null;
  phaseBarrier: boolean;
  now: Date;
  /** Records that could not be read, each naming its file: shown on the page, not fatal. */
  notes: string[];
}

export interface ReadReportOptions {
  tasks: Task[];
  config: { phaseBarrier: boolean; budgets?: unknown };
  now: Date;
}

/** Reads the ledger and every task's run and apply records under root (tasks come loaded by the caller). */
export async function readReportInputs(root: string, options: ReadReportOptions): Promise<ReportInputs> {
  const notes: string[] = [];
  const entries = (await readLedger(root)) as ReportEntry[];
  const runs = new Map<string, RunRecord>();
  const applies = new Map<string, ApplyRecord>();
  await Promise.all(
    options.tasks.map(async (task) => {
      const paths = taskPaths(task.id);
      const run = await readRecord<RunRecord>(root, paths.run, notes);
      const apply = await readRecord<ApplyRecord>(root, paths.apply, notes);
      if (run) runs.set(task.id, run);
      if (apply) applies.set(task.id, apply);
    }),
  );
  return {
    title: await readTitle(root),
    tasks: options.tasks,
    entries,
    runs,
    applies,
    budgets: budgetsFrom(options.config),
    phaseBarrier: options.config.phaseBarrier,
    now: options.now,
    notes: notes.sort(),
  };
}

async function readRecord<T>(root: string, rel: string, notes: string[]): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(path.join(root, rel), 'utf8');
  } catch {
    return null;
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as T;
    notes.push(`${rel}: not a JSON object; left out of the report.`);
  } catch (error) {
    notes.push(`${rel}: not valid JSON (${(error as Error).message}); left out of the report.`);
  }
  return null;
}

/** The workspace's package name, else its folder name. */
async function readTitle(root: string): Promise<string> {
  try {
    const name = (JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { name?: unknown }).name;
    if (typeof name === 'string' && name.trim() !== '') return name;
  } catch {
    // No or unreadable package.json: the folder name says which workspace this is.
  }
  return path.basename(root);
}
