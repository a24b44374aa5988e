import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { hostname } from 'node:os';
import { UserError } from '@taskpod/core';

/** The runner's name in its claims; `taskpod run` sets it once for all its steps when it is unset. */
export const RUNNER_ENV = 'TASKPOD_RUNNER';
/** How long a claim holds, in seconds, before another runner may take it over. */
export const CLAIM_LEASE_ENV = 'TASKPOD_CLAIM_LEASE';
/** `off`: no claims and no shared replies on origin (a read-only origin, or a deliberate duplicate run). */
export const CLAIMS_ENV = 'TASKPOD_CLAIMS';

export const DEFAULT_LEASE_SECONDS = 30 * 60;

export interface ClaimSettings {
  runner: string;
  leaseMs: number;
}

/**
 * The default runner name: this host and this clone (a hash of its path). Two clones on one machine
 * differ, and every process in one clone is the same runner, so a user's second `nx run X:run` takes
 * over the claim their first one left instead of waiting out its lease.
 */
export function defaultRunnerName(root: string): string {
  let real = root;
  try {
    real = realpathSync(root);
  } catch {
    // A root that cannot be resolved is named as given.
  }
  return `${hostname()}-${createHash('sha256').update(real).digest('hex').slice(0, 8)}`;
}

/** Whether runners coordinate through origin at all (they do unless TASKPOD_CLAIMS=off). */
export function claimsEnabled(env: NodeJS.ProcessEnv): boolean {
  const value = (env[CLAIMS_ENV] ?? '').trim().toLowerCase();
  if (value === '' || value === 'on' || value === '1' || value === 'true') return true;
  if (value === 'off' || value === '0' || value === 'false') return false;
  throw new UserError(`Expected ${CLAIMS_ENV} to be \`on\` or \`off\`, got \`${env[CLAIMS_ENV]}\`.`);
}

/** The runner name and lease from the environment (the clone at `root` names the default runner), checked before anything is claimed. */
export function readClaimSettings(env: NodeJS.ProcessEnv, root: string): ClaimSettings {
  const runner = (env[RUNNER_ENV] ?? '').trim() || defaultRunnerName(root);
  const lease = (env[CLAIM_LEASE_ENV] ?? '').trim();
  if (lease === '') return { runner, leaseMs: DEFAULT_LEASE_SECONDS * 1000 };
  const seconds = Number(lease);
  if (!/^\d+(\.\d+)?$/.test(lease) || !(seconds > 0)) {
    throw new UserError(`Expected ${CLAIM_LEASE_ENV} to be a positive number of seconds, got \`${env[CLAIM_LEASE_ENV]}\`.`, {
      expected: `seconds, e.g. ${DEFAULT_LEASE_SECONDS} (the default)`,
      received: String(env[CLAIM_LEASE_ENV]),
    });
  }
  return { runner, leaseMs: seconds * 1000 };
}
