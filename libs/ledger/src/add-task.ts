import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  type Issue,
  type Task,
  type TaskpodConfig,
  UserError,
  type Workspace,
  didYouMean,
  errorIssues,
  formatIssue,
  loadWorkspace,
  resolveWriteTarget,
} from '@taskpod/core';
import { buildNewTask, type NewTaskInput } from './build-new-task';
import { checkAddRequest } from './check-add-request';
import { instanceOfFor } from './instance-of-for';
import { newTaskFile } from './new-task-file';
import { writeNewFile } from './write-new-file';

export type AddTaskRequest = Omit<NewTaskInput, 'from' | 'now'> & {
  /** A task or template id, or the path of its task file relative to `cwd`. */
  from?: string;
};

export interface AddTaskResult {
  id: string;
  /** Workspace-relative path of the file written. */
  file: string;
  instance_of: string | null;
  /** Warnings about the new file (e.g. an input that does not exist yet). */
  warnings: Issue[];
  /** The copied `template: true` file that became a template with this instance, if any. */
  becameTemplate: string | null;
}

/**
 * `taskpod add` (and the MCP tool `add_task`): writes a new task file (see buildNewTask). Refuses a
 * bad request (checkAddRequest) and an id any task or template has, checks the file with the whole
 * workspace as the next command will read it, and only then creates it, whole.
 */
export async function addTask(
  root: string,
  config: TaskpodConfig,
  workspace: Workspace,
  request: AddTaskRequest,
  options: { cwd: string; now: Date },
): Promise<AddTaskResult> {
  checkAddRequest(request);
  const everything = [...workspace.tasks, ...workspace.templates];
  const taken = everything.find((t) => t.id === request.id);
  if (taken) {
    throw new UserError(`Task id \`${request.id}\` exists already (${taken.source.file}:${taken.source.line}); nothing was written.`, {
      hint: 'Choose another id.',
    });
  }
  const from = request.from === undefined ? undefined : findSource(request.from, everything, root, options.cwd);
  const text = buildNewTask({
    ...request,
    from: from && { task: from, text: readFileSync(path.join(root, from.source.file), 'utf8') },
    now: options.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  });
  const file = newTaskFile(request.id, config.tasksGlob, workspace.tasks, from);
  const target = resolveWriteTarget(root, file);
  const checked = await loadWorkspace(root, config, { pending: [{ file, text }] });
  const errors = errorIssues(checked.issues);
  if (errors.length > 0) {
    const lines = errors.map((i) => `  ${formatIssue(i)}`).join('\n');
    throw new UserError(`The new task ${request.id} (${file}) would not be valid; nothing was written:\n${lines}`);
  }
  await writeNewFile(target, text, file);
  return {
    id: request.id,
    file,
    instance_of: from ? instanceOfFor(from) : null,
    warnings: checked.issues.filter((i) => i.file === file),
    becameTemplate: from?.source.template && !workspace.templates.includes(from) ? from.source.file : null,
  };
}

/** `--from`: a task or template id, or the path of its task file or folder (from `cwd`). */
function findSource(from: string, tasks: readonly Task[], root: string, cwd: string): Task {
  const byId = tasks.find((t) => t.id === from);
  if (byId) return byId;
  const rel = path.relative(root, path.resolve(cwd, from)).split(path.sep).join('/');
  const byFile = tasks.find((t) => t.source.file === rel || t.source.dir === rel);
  if (byFile) return byFile;
  throw new UserError(
    `--from \`${from}\` names no task or template.${didYouMean(
      from,
      tasks.map((t) => t.id),
    )}`,
    {
      hint: 'Run `taskpod list` to see the task ids.',
    },
  );
}
