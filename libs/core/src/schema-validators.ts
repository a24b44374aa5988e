import type { ErrorObject } from 'ajv';
import { validateMemory, validateTask } from './schema-validators.generated';

/** An ajv validate function: true or false, with the errors of the last call on `.errors`. */
type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** Schema errors of one task's own map (`id` included); empty when valid. */
export function schemaErrorsOfTask(fields: unknown): ErrorObject[] {
  const validate = validateTask as Validate;
  return validate(fields) ? [] : [...(validate.errors ?? [])];
}

/** Schema errors of a memory.yaml document; empty when valid. */
export function schemaErrorsOfMemory(data: unknown): ErrorObject[] {
  const validate = validateMemory as Validate;
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
