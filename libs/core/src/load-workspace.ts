import { didYouMean } from './suggest';
import type { TaskpodConfig } from './config';
import { UserError, ValidationError, type Issue } from './errors';
import { buildTaskGraph, type TaskGraph } from './build-task-graph';
import { findFiles } from './find-files';
import { parseTaskFile } from './parse-task-file';
import { readTaskFiles } from './read-task-files';
import { resolveFrameworkTasks, withoutTemplateWarnings, workspaceFiles } from './resolve-instance-of';
import type { Task } from './types';
import { validateTasks } from './validate-tasks';

export interface Workspace {
  tasks: Task[];
  /** `template: true` files that a task's `instance_of` names: templates, not tasks of their own. */
  templates: Task[];
  /** Every problem in every file, errors and warnings (`severity: 'warning'`). */
  issues: Issue[];
  /** What each task waits for (depends_on and implicit output-overlap dependencies). */
  graph: TaskGraph;
}

/** Workspace-relative task files matching `config.tasksGlob`, sorted so every run reads them in one order. */
export async function findTaskFiles(root: string, config: Pick<TaskpodConfig, 'tasksGlob'>): Promise<string[]> {
  return findFiles(root, config.tasksGlob);
}

export interface LoadWorkspaceOptions {
  /** Task files about to be written (workspace-relative path, text), checked as if they were there already. */
  pending?: readonly { file: string; text: string }[];
}

/**
 * Finds, reads, parses and validates every task file; nothing is thrown for bad input, every issue
 * is returned.
 */
export async function loadWorkspace(
  root: string,
  config: Pick<TaskpodConfig, 'tasksGlob' | 'phaseBarrier'> & Partial<Pick<TaskpodConfig, 'statusAliases'>>,
  options: LoadWorkspaceOptions = {},
): Promise<Workspace> {
  const parseOptions = { statusAliases: config.statusAliases };
  const read = readTaskFiles(root, await findTaskFiles(root, config), parseOptions);
  for (const { file, text } of options.pending ?? []) {
    const parsed = parseTaskFile(text, file, parseOptions);
    read.tasks.push(...parsed.tasks);
    read.issues.push(...parsed.issues);
  }
  const { tasks, issues: frameworkIssues, templateFiles } = resolveFrameworkTasks(read.tasks, workspaceFiles(root));
  const issues = [...withoutTemplateWarnings(read.issues, templateFiles), ...frameworkIssues];
  issues.push(...validateTasks(tasks));
  const graph = buildTaskGraph(tasks, { phaseBarrier: config.phaseBarrier });
  issues.push(...graph.issues);
  const templates = read.tasks.filter((t) => templateFiles.has(t.source.file));
  return { tasks, templates, issues, graph };
}

/** The problems that stop a load: everything but warnings. */
export function errorIssues(issues: readonly Issue[]): Issue[] {
  return issues.filter((issue) => issue.severity !== 'warning');
}

/** Every task of a valid workspace; throws a ValidationError listing every error otherwise. */
export async function loadTasks(
  root: string,
  config: Pick<TaskpodConfig, 'tasksGlob' | 'phaseBarrier'> & Partial<Pick<TaskpodConfig, 'statusAliases'>>,
): Promise<Task[]> {
  const { tasks, issues } = await loadWorkspace(root, config);
  const errors = errorIssues(issues);
  if (errors.length > 0) throw new ValidationError(errors);
  return tasks;
}

/** One task by id from a valid workspace; an unknown id is a UserError naming it. */
export async function loadTask(
  root: string,
  config: Pick<TaskpodConfig, 'tasksGlob' | 'phaseBarrier'> & Partial<Pick<TaskpodConfig, 'statusAliases'>>,
  id: string,
): Promise<Task> {
  const tasks = await loadTasks(root, config);
  const task = tasks.find((t) => t.id === id);
  if (!task) throw unknownTaskIdError(id, tasks, config.tasksGlob);
  return task;
}

/** The error for an id no task has, with the closest ids as a suggestion. */
export function unknownTaskIdError(id: string, tasks: readonly Pick<Task, 'id'>[], tasksGlob: string): UserError {
  return new UserError(
    `Unknown task id \`${id}\`.${didYouMean(
      id,
      tasks.map((t) => t.id),
    )}`,
    {
      expected: `one of the ${tasks.length} task ids in ${tasksGlob}`,
      received: id,
      hint: 'Run `taskpod list` to see every task.',
    },
  );
}
