import type { TaskClaim } from '@taskpod/core';
import { pushRefLeaseCoalesced, readLocalRef, readNoteMessage, setLocalRef, writeNoteCommit } from '@taskpod/git';
import { claimMessage, claimRef, parseClaimMessage } from './claim-refs';
import { readClaimSettings } from './claim-settings';
import { type StepContext, workspaceGit } from './step-context';

/**
 * Keeps this workspace's claim on task `id` alive while `work` runs (a model or an agent may take
 * longer than the lease): every half lease, the claim on origin is replaced by one with a new expiry,
 * only while it is still ours. Without a claim (no origin) `work` just runs. A renewal that fails is
 * a warning: the claim then only holds until its lease ends. `remote`: where the claim is (null: none).
 */
export async function renewingClaim<T>(ctx: StepContext, id: string, remote: string | null, work: () => Promise<T>): Promise<T> {
  const git = workspaceGit(ctx);
  if (!remote) return work();
  const { leaseMs } = readClaimSettings(ctx.env, ctx.root);
  let renewing: Promise<void> | null = null;
  let lost = false;
  const renew = async () => {
    const ours = await readLocalRef(git, claimRef(id));
    const claim = ours ? parseClaimMessage((await readNoteMessage(git, ours)) ?? '') : null;
    if (!ours || !claim) return;
    const renewed: TaskClaim = { ...claim, lease_expires_at: new Date(ctx.now().getTime() + leaseMs).toISOString() };
    const oid = await writeNoteCommit(git, claimMessage(renewed));
    if ((await pushRefLeaseCoalesced(git, remote, { ref: claimRef(id), oid, expect: ours })) === 'ok') {
      await setLocalRef(git, claimRef(id), oid);
      return;
    }
    lost = true;
    ctx.log(`taskpod: warning: ${id}: its claim on origin was taken over by another runner while this one worked on it.`);
  };
  const timer = setInterval(() => {
    if (renewing || lost) return;
    renewing = renew()
      // Never thrown from a timer: a renewal that fails leaves the claim to its lease, nothing worse.
      .catch((error: unknown) => {
        ctx.log(
          `taskpod: warning: ${id}: could not renew its claim on origin: ${String((error as Error)?.message ?? error).split('\n')[0]}`,
        );
      })
      .finally(() => {
        renewing = null;
      });
  }, leaseMs / 2);
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
    await renewing;
  }
}
