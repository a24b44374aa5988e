import { GitError, type TaskClaim } from '@taskpod/core';
import { pushRefLeaseCoalesced, readLocalRef, readNoteMessage, setLocalRef, writeNoteCommit } from '@taskpod/git';
import { claimMessage, claimRef, parseClaimMessage, sharedRemote } from './claim-refs';
import { readRemoteClaim } from './claim-task';
import { type StepContext, workspaceGit } from './step-context';

/** Where a logged task went, written into its claim so other runners see it was delivered. */
export interface Delivery {
  branch?: string;
  pr_url?: string;
}

/**
 * Releases the claim this workspace holds on task `id` (nothing when it holds none): after `log`
 * (`delivery` given) the claim becomes a delivery record without a lease, so runners that have not
 * seen the pull request yet do not ask the same request again; after a failure it is deleted, so
 * any runner may try again. Both only while origin still has our claim (a lease on it): a claim
 * taken over after our lease expired is left to its new holder. Returns a warning, or null; never
 * throws for git, since an unreleased claim only waits for its lease.
 */
export async function releaseClaim(
  ctx: Pick<StepContext, 'root' | 'env' | 'now'>,
  id: string,
  delivery?: Delivery,
): Promise<string | null> {
  const git = workspaceGit(ctx);
  try {
    const remote = await sharedRemote(git);
    if (!remote) return null;
    const ours = await readLocalRef(git, claimRef(id));
    if (!ours) return null;
    let oid: string | null = null;
    if (delivery) {
      const claim = parseClaimMessage((await readNoteMessage(git, ours)) ?? '');
      if (claim) {
        const delivered: TaskClaim = {
          ...claim,
          state: 'delivered',
          lease_expires_at: null,
          ...(delivery.branch ? { branch: delivery.branch } : {}),
          ...(delivery.pr_url ? { pr_url: delivery.pr_url } : {}),
        };
        oid = await writeNoteCommit(git, claimMessage(delivered));
      }
    }
    const outcome = await pushRefLeaseCoalesced(git, remote, { ref: claimRef(id), oid, expect: ours });
    await setLocalRef(git, claimRef(id), null);
    return outcome === 'ok' ? null : `${id}: its claim on origin was taken over by another runner (this runner's lease had expired).`;
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    return `${id}: could not release its claim on origin; other runners wait for its lease to expire. ${error.message.split('\n')[0]}`;
  }
}

/**
 * Removes the delivery record of task `id` from origin (whichever runner delivered it), so the task
 * runs again anywhere: `undo` took the delivered work back. A claim still held is left alone. Returns
 * whether a delivery was removed.
 */
export async function withdrawDelivery(ctx: Pick<StepContext, 'root' | 'env' | 'now'>, id: string): Promise<boolean> {
  const git = workspaceGit(ctx);
  const remote = await sharedRemote(git);
  if (!remote) return false;
  const seen = await readRemoteClaim(ctx, remote, id);
  if (seen?.claim?.state !== 'delivered') return false;
  const outcome = await pushRefLeaseCoalesced(git, remote, { ref: claimRef(id), oid: null, expect: seen.oid });
  await setLocalRef(git, claimRef(id), null);
  return outcome === 'ok';
}
