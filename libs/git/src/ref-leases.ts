import { GitError } from '@taskpod/core';
import { coalesce } from './coalesce';
import { type GitContext, runGitResult } from './run-git';

/**
 * One conditional update of a remote ref: to `oid` (null deletes it), only while the remote ref is
 * `expect` (null: it must not exist). On the remote this is a compare-and-swap, so of two runners
 * creating one ref at once exactly one wins.
 */
export interface RefLease {
  ref: string;
  oid: string | null;
  expect: string | null;
}

/** How one lease ended: done, or lost because the remote ref was not what was expected. */
export type LeaseOutcome = 'ok' | 'stale';

const pushLeases = async (key: string, items: { git: GitContext; lease: RefLease }[]) => {
  const remote = key.slice(key.indexOf('\0') + 1);
  return pushRefLeases(
    items[0]!.git,
    remote,
    items.map((i) => i.lease),
  );
};
const pushShared = coalesce<{ git: GitContext; lease: RefLease }, LeaseOutcome>(pushLeases);
// Updates nobody waits on to decide anything (a shared reply): each waits a moment for others.
const pushLingering = coalesce<{ git: GitContext; lease: RefLease }, LeaseOutcome>(pushLeases, 100);

/**
 * `pushRefLeases` for one ref, sharing the `git push` with the other leases of this repository to
 * the same remote asked for at the same time (a batch claiming its tasks pays one round trip).
 */
export async function pushRefLeaseCoalesced(git: GitContext, remote: string, lease: RefLease): Promise<LeaseOutcome> {
  const outcome = await pushShared(`${git.cwd}\0${remote}`, { git, lease });
  if (typeof outcome !== 'string') throw outcome;
  return outcome;
}

/**
 * pushRefLeaseCoalesced for an update that may wait: it goes with whatever else of this kind arrives
 * within 100 ms (the replies of a batch, which arrive a few at a time, then cost one push each time).
 */
export async function pushRefLeaseLingering(git: GitContext, remote: string, lease: RefLease): Promise<LeaseOutcome> {
  const outcome = await pushLingering(`${git.cwd}\0${remote}`, { git, lease });
  if (typeof outcome !== 'string') throw outcome;
  return outcome;
}

/**
 * One `git push --porcelain` of several leased ref updates, without `--atomic`: git updates each ref on
 * its own and reports each, so every lease gets its own outcome. A remote that refuses for another
 * reason (hook, permissions, unreachable) is a GitError.
 */
export async function pushRefLeases(git: GitContext, remote: string, leases: readonly RefLease[]): Promise<LeaseOutcome[]> {
  const outcomes = await pushEachLease(git, remote, leases);
  const failed = outcomes.find((o) => typeof o !== 'string');
  if (failed) throw failed;
  return outcomes as LeaseOutcome[];
}

/**
 * The remote's answer for each ref: a lease lost is `stale` whether git saw it before sending (the
 * advertised ref differed) or the remote did while updating (another push won the race for the ref
 * lock in between: `failed to update ref`); any other refusal is that ref's GitError.
 */
async function pushEachLease(git: GitContext, remote: string, all: readonly RefLease[]): Promise<(LeaseOutcome | GitError)[]> {
  // Two updates of one ref in one push would race each other: the first goes, the second has lost.
  const leases = all.filter((lease, i) => all.findIndex((l) => l.ref === lease.ref) === i);
  if (leases.length < all.length) {
    const pushed = await pushEachLease(git, remote, leases);
    return all.map((lease) => (leases.includes(lease) ? pushed[leases.indexOf(lease)]! : 'stale'));
  }
  const command = [
    'push',
    '--porcelain',
    '--no-verify',
    ...leases.map((l) => `--force-with-lease=${l.ref}:${l.expect ?? ''}`),
    remote,
    ...leases.map((l) => `${l.oid ?? ''}:${l.ref}`),
  ];
  const result = await runGitResult(git, command, {
    okExitCodes: [1],
    what: `Could not update ${leases.map((l) => l.ref).join(', ')} on ${remote}.`,
  });
  const lines = result.stdout.split('\n');
  return leases.map((lease) => {
    const line = lines.find((l) => l.split('\t')[1]?.endsWith(`:${lease.ref}`));
    if (line && line[0] !== '!') return 'ok';
    if (line && /\[rejected\] \(stale info\)|\[remote rejected\] \((failed to update ref|incorrect old value provided)\)/.test(line))
      return 'stale';
    return new GitError(
      `Could not update ${lease.ref} on ${remote}.`,
      command,
      result.exitCode,
      `${result.stderr}\n${result.stdout}`.trim(),
    );
  });
}

const fetchShared = coalesce<{ git: GitContext; refspec: string }, void>(async (key, items) => {
  const remote = key.slice(key.indexOf('\0') + 1);
  const refspecs = [...new Set(items.map((i) => i.refspec))];
  const command = ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', remote, ...refspecs];
  const result = await runGitResult(items[0]!.git, command, { okExitCodes: [1, 128] });
  if (result.exitCode !== 0)
    throw new GitError(`Could not fetch ${refspecs.join(' ')} from ${remote}.`, command, result.exitCode, result.stderr);
  return items.map(() => undefined);
});

/**
 * Fetches `refspec` from the remote, sharing the `git fetch` with the other fetches of this repository
 * asked for at the same time. A glob refspec that matches nothing is no error (there is nothing yet).
 */
export function fetchRefsCoalesced(git: GitContext, remote: string, refspec: string): Promise<void> {
  return fetchShared(`${git.cwd}\0${remote}`, { git, refspec });
}
