import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

/** The JSON Schemas ship at the repository root (`schemas/`), where editors find them too. */
export const SCHEMAS_DIR = path.resolve(__dirname, '../../../schemas');

let validators: { task: ValidateFunction; memory: ValidateFunction } | undefined;

/** Compiles both schemas once per process: compiling costs far more than validating. */
function compiled(): { task: ValidateFunction; memory: ValidateFunction } {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, verbose: true });
    const taskSchema = readSchema('task.schema.json');
    ajv.addSchema(taskSchema);
    const task = ajv.getSchema(`${taskSchema.$id}#/definitions/task`);
    if (!task) throw new Error('schemas/task.schema.json has no definitions/task');
    validators = { task, memory: ajv.compile(readSchema('memory.schema.json')) };
  }
  return validators;
}

function readSchema(name: string): { $id: string } {
  return JSON.parse(readFileSync(path.join(SCHEMAS_DIR, name), 'utf8'));
}

/** Schema errors of one task's own map (`id` included); empty when valid. */
export function schemaErrorsOfTask(fields: unknown): ErrorObject[] {
  const validate = compiled().task;
  return validate(fields) ? [] : [...(validate.errors ?? [])];
}

/** Schema errors of a memory.yaml document; empty when valid. */
export function schemaErrorsOfMemory(data: unknown): ErrorObject[] {
  const validate = compiled().memory;
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
