import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import {
  UserError,
  ValidationError,
  applyTaskTemplate,
  compileOutputGlob,
  decodeUtf8,
  parseTaskFile,
  workspaceFiles,
  type StatusAliases,
  type Task,
} from '@taskpod/core';

/**
 * The task as its task.yaml says right now (status may have changed since the graph was built).
 * Only the project's own file is read: Nx has already validated the whole backlog to build the graph,
 * and re-reading every task file in every executor would cost N² parses for a run over N tasks.
 */
export function readCurrentTask(root: string, projectRoot: string, id: string, tasksGlob: string, statusAliases: StatusAliases = {}): Task {
  const file = taskFileOf(root, projectRoot, id, tasksGlob);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path.join(root, file));
  } catch (error) {
    throw new UserError(`Task ${id}: cannot read ${file}: ${(error as Error).message}`, {}, { cause: error });
  }
  const decoded = decodeUtf8(bytes, file);
  if (decoded.issue) throw new ValidationError([decoded.issue]);
  const { tasks, issues } = parseTaskFile(decoded.text, file, { statusAliases });
  const errors = issues.filter((issue) => issue.severity !== 'warning');
  if (errors.length > 0) throw new ValidationError(errors);
  const task = tasks.find((t) => t.id === id);
  if (!task) {
    throw new UserError(`Task ${id}: ${file} no longer holds a task with that id.`, {
      expected: id,
      received: tasks.map((t) => t.id).join(', ') || 'no task',
    });
  }
  // As the graph read it: the framework's template gives its memory and prompt (core's resolveFrameworkTasks).
  return applyTaskTemplate(task, workspaceFiles(root)).task;
}

/**
 * The project's task file: the one file of its folder that `tasksGlob` matches (the plugin allows one
 * task file per folder, since the folder is the project root), so `backlog/*.yml` works as well as
 * the default `task.yaml`.
 */
function taskFileOf(root: string, projectRoot: string, id: string, tasksGlob: string): string {
  const folder = projectRoot.split(path.sep).join('/');
  const inGlob = compileOutputGlob(tasksGlob);
  let names: string[];
  try {
    names = readdirSync(path.join(root, folder));
  } catch (error) {
    throw new UserError(`Task ${id}: cannot read its folder ${folder}: ${(error as Error).message}`, {}, { cause: error });
  }
  const file = names.map((name) => path.posix.join(folder, name)).find((rel) => inGlob.test(rel));
  if (!file) throw new UserError(`Task ${id}: no file in ${folder} matches tasksGlob \`${tasksGlob}\`.`);
  return file;
}
