import type { PaidCall } from './types';

/**
 * An answer that arrived and was paid for, but could not be used (a refusal, a reply that is not the
 * contract): the error carries what was used, so the spend is recorded all the same.
 */
export function withPaidCall<E extends Error>(error: E, paid: PaidCall): E {
  Object.defineProperty(error, 'paidCall', { value: paid, enumerable: false });
  return error;
}

/** What a failed call used, when an answer had arrived; undefined when nothing was paid. */
export function paidCallOf(error: unknown): PaidCall | undefined {
  return error instanceof Error ? (error as Error & { paidCall?: PaidCall }).paidCall : undefined;
}
