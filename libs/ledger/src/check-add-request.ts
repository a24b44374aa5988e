import { UsageError, validateTaskId } from '@taskpod/core';
import type { AddTaskRequest } from './add-task';

/** A `--set` key: what a `<placeholder>` may be named (fill-placeholders.ts). */
const SET_KEY = /^[A-Za-z0-9_.-]+$/;

/**
 * The checks `taskpod add` makes of its flags before any file is read, for every caller (the
 * command, the MCP tool `add_task`): a valid id, a description unless copying, `--set` keys a
 * placeholder can have. The texts name the flags, as the command's help does.
 */
export function checkAddRequest(request: AddTaskRequest): void {
  const idIssue = validateTaskId(request.id);
  if (idIssue) throw new UsageError(`--id \`${request.id}\` is not a valid task id: ${idIssue}.`);
  if (request.from === undefined && request.description === undefined)
    throw new UsageError('`taskpod add` needs --description (or --from a task to copy).');
  for (const key of Object.keys(request.set)) {
    if (!SET_KEY.test(key))
      throw new UsageError(`Expected --set key=value, got \`${key}=...\`.`, {
        expected: 'a key of letters, digits, _ . - then = and the value',
      });
  }
}
