import { InternalError } from '@taskpod/core';

/** Placeholder for a step whose library has not landed: a clear failure, never a fake success. */
export function notImplemented(step: string): never {
  throw new InternalError(`The \`${step}\` step is not implemented yet.`);
}
