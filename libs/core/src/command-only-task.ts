import { isManagedPath } from './paths';
import { instanceOfPath } from './resolve-instance-of';
import { toList } from './normalise-task-fields';
import type { Task } from './types';

/** The framework's backlog tools and the taskpod commands that do their work without a model. */
const BACKLOG_TOOLS: [RegExp, string][] = [
  [/update_task_metadata/, 'taskpod set-status <id> <status> (or edit the task.yaml)'],
  [/activate_task/, 'taskpod set-status <id> in_progress, then taskpod prompt <id>'],
  [/clone_task/, 'taskpod add --from <id>'],
  [/create_(new_)?task/, 'taskpod add'],
];

/** The taskpod command a framework backlog tool's id or template names, whatever its outputs. */
export function backlogToolCommand(task: Pick<Task, 'id' | 'fields'>): string | null {
  const names = `${task.id} ${instanceOfPath(task as Task) ?? ''}`;
  return BACKLOG_TOOLS.find(([pattern]) => pattern.test(names))?.[1] ?? null;
}

/**
 * The taskpod command that replaces a task whose only outputs are backlog edits (the framework's
 * update-metadata, activate, clone and create-task tools, whose other outputs are copies of what
 * taskpod prints), or null. `taskpod import` writes it as
 * `taskpod_command`; a task writing only task files is one too. Such a task never pays for a model call.
 */
export function commandReplacing(task: Task): string | null {
  if (typeof task.fields.taskpod_command === 'string' && task.fields.taskpod_command.trim() !== '') return task.fields.taskpod_command;
  const written = toList(task.fields.outputs ?? task.fields.template_outputs);
  if (!written.some((p) => /(^|\/)task\.ya?ml$/.test(p))) return null;
  // One of the framework's backlog tools (whatever else it copies), or a task that writes nothing but task files.
  const tool = backlogToolCommand(task);
  if (tool !== null) return tool.replace(/<id>/g, task.id);
  return written.every(isManagedPath) ? 'taskpod set-status / taskpod add' : null;
}
