import { ClaimedElsewhereError, GitError, type TaskClaim } from '@taskpod/core';
import { clearClaimedRecord, writeClaimedRecord } from '@taskpod/core/records';
import {
  type GitContext,
  type LeaseOutcome,
  fetchRefsCoalesced,
  gitCommonDir,
  pushRefLeaseCoalesced,
  readLocalRef,
  readNoteMessage,
  setLocalRef,
  writeNoteCommit,
} from '@taskpod/git';
import type { BatchReads } from './batch-reads';
import { claimMessage, claimRef, parseClaimMessage, seenClaimRef, sharedRemote } from './claim-refs';
import { claimsEnabled, readClaimSettings } from './claim-settings';
import { type StepContext, workspaceGit } from './step-context';

/** Claims taken over one after another by racing runners: past this, the last one seen wins. */
const MAX_ATTEMPTS = 3;

/**
 * Claims the task on origin before its model is asked: creates `refs/taskpod/claims/<id>` there,
 * which succeeds for exactly one runner. A claim held by another runner whose lease has not expired,
 * or a delivery of this very request, is a ClaimedElsewhereError (the task is skipped, not failed);
 * an expired lease, our own runner's claim, or a delivery of another request is taken over with a
 * lease on the claim seen. No origin (or TASKPOD_CLAIMS=off): nothing to claim, as on one machine.
 * Returns the remote the claim is on, or null when there is none.
 */
export async function claimTask(
  ctx: StepContext,
  id: string,
  replyKey: string,
  options: { fresh?: boolean; remote?: string | null } = {},
): Promise<string | null> {
  const git = workspaceGit(ctx);
  const remote = options.remote !== undefined ? options.remote : await sharedRemote(git);
  if (!remote) return null;
  const { runner, leaseMs } = readClaimSettings(ctx.env, ctx.root);
  // This runner's own claim still in this clone (a rerun): the first push takes a lease on it, with
  // no look at origin first; if origin has anything else now, the look comes after, as for any claim.
  let expect: string | null = await ownClaimHere(git, id, runner);
  let seen: TaskClaim | null = null;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const now = ctx.now();
    const claim: TaskClaim = {
      task_id: id,
      runner,
      state: 'claimed',
      reply_key: replyKey,
      claimed_at: now.toISOString(),
      lease_expires_at: new Date(now.getTime() + leaseMs).toISOString(),
    };
    const oid = await writeNoteCommit(git, claimMessage(claim));
    if ((await pushClaim(git, remote, id, oid, expect)) === 'ok') {
      await setLocalRef(git, claimRef(id), oid);
      await clearClaimedRecord(await gitDirOf(git), id);
      if (seen) ctx.log(`${id}: took over the claim of ${seen.runner} (${takeoverReason(seen, runner, options.fresh)}).`);
      return remote;
    }
    const current = await readRemoteClaim(ctx, remote, id);
    expect = current?.oid ?? null;
    seen = current?.claim ?? null;
    if (current && seen && holdsBack(seen, ctx.now(), runner, replyKey, options.fresh === true)) {
      await writeClaimedRecord(await gitDirOf(git), { ...seen, task_id: id, seen_at: ctx.now().toISOString() });
      throw new ClaimedElsewhereError(describeHolder(id, seen), seen);
    }
  }
  throw new ClaimedElsewhereError(
    `${id}: skipped: its claim on origin changed hands ${MAX_ATTEMPTS} times while this runner tried to take it.`,
    seen ?? { task_id: id, runner: 'unknown', state: 'claimed', reply_key: '', claimed_at: '', lease_expires_at: null },
  );
}

/**
 * Before a task's branch is pushed: this workspace must hold the task's claim. It does when its own
 * `run` claimed it; when Nx replayed that run from its cache (no `run` step ran, so nothing was
 * claimed), the claim is taken now, and a task another runner holds or delivered is skipped here.
 */
export async function holdClaimBeforePush(
  ctx: StepContext,
  id: string,
  replyKey: string,
  reads?: Pick<BatchReads, 'claimMessage'>,
): Promise<void> {
  const git = workspaceGit(ctx);
  if (!claimsEnabled(ctx.env)) return;
  // The claim this workspace's run made, read whole: in a batch, read with all the others at once.
  const message = await (reads ? reads.claimMessage(claimRef(id)) : readNoteMessage(git, claimRef(id)));
  const claim = message === null ? null : parseClaimMessage(message);
  // A claim left here by a killed process may have been taken over since: trust only a live lease.
  if (claim?.lease_expires_at && Date.parse(claim.lease_expires_at) > ctx.now().getTime()) return;
  await claimTask(ctx, id, replyKey);
}

/** The id of this clone's claim on task `id` when `runner` made it, else null. */
async function ownClaimHere(git: GitContext, id: string, runner: string): Promise<string | null> {
  const oid = await readLocalRef(git, claimRef(id));
  if (!oid) return null;
  const message = await readNoteMessage(git, oid);
  return message !== null && parseClaimMessage(message)?.runner === runner ? oid : null;
}

/** The claim's compare-and-swap push; a remote that refuses it (permissions, unreachable) stops the run before it pays. */
async function pushClaim(git: GitContext, remote: string, id: string, oid: string, expect: string | null): Promise<LeaseOutcome> {
  try {
    return await pushRefLeaseCoalesced(git, remote, { ref: claimRef(id), oid, expect });
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    throw new GitError(
      `Could not claim task ${id} on ${remote} (${claimRef(id)}), so no model was asked: runners sharing an origin claim each task there first. ` +
        'Make origin writable for this runner, or set TASKPOD_CLAIMS=off to run without claims (and without shared replies).',
      error.command,
      error.exitCodeOfGit,
      error.stderr,
      { cause: error },
    );
  }
}

/** The git folder the claimed records live in (claims exist only in a repository with an origin). */
async function gitDirOf(git: GitContext): Promise<string> {
  const dir = await gitCommonDir(git);
  if (!dir) throw new GitError(`${git.cwd} is not a git repository.`, ['rev-parse', '--git-common-dir'], 128, '');
  return dir;
}

/** Whether a claim seen on origin stops this runner from taking the task. */
function holdsBack(claim: TaskClaim, now: Date, runner: string, replyKey: string, fresh: boolean): boolean {
  if (claim.runner === runner) return false;
  if (claim.state === 'delivered') return claim.reply_key === replyKey && !fresh;
  return claim.lease_expires_at !== null && Date.parse(claim.lease_expires_at) > now.getTime();
}

function takeoverReason(seen: TaskClaim, runner: string, fresh?: boolean): string {
  if (seen.runner === runner) return 'this runner';
  if (seen.state === 'delivered') return fresh ? 'asked anew with --fresh' : 'it delivered an older request';
  return `its lease expired at ${seen.lease_expires_at}`;
}

/** The skip line: who holds the task and until when, or where it was delivered. */
function describeHolder(id: string, claim: TaskClaim): string {
  if (claim.state === 'delivered') {
    const where = [claim.branch, claim.pr_url].filter(Boolean).join(', ');
    return `${id}: skipped: delivered by ${claim.runner}${where ? ` (${where})` : ''} for this same request; run with --fresh to ask anew.`;
  }
  return `${id}: skipped: claimed by ${claim.runner} since ${claim.claimed_at} (lease until ${claim.lease_expires_at}).`;
}

/** The claim on origin now (fetched beside, not over, our own), or null when there is none. */
export async function readRemoteClaim(
  ctx: Pick<StepContext, 'root' | 'env'>,
  remote: string,
  id: string,
): Promise<{ oid: string; claim: TaskClaim | null } | null> {
  const git = workspaceGit(ctx);
  // A glob (it may match other ids that start the same, which is harmless), so a claim deleted
  // meanwhile is no error: then the copy, removed first, stays absent.
  await setLocalRef(git, seenClaimRef(id), null);
  await fetchRefsCoalesced(git, remote, `+${claimRef(id)}*:${seenClaimRef(id)}*`);
  const oid = await readLocalRef(git, seenClaimRef(id));
  if (!oid) return null;
  const message = await readNoteMessage(git, oid);
  // A ref that holds no claim (written by hand) is taken over: it holds nobody back.
  return { oid, claim: message === null ? null : parseClaimMessage(message) };
}
