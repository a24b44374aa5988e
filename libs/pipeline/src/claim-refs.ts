import type { TaskClaim } from '@taskpod/core';
import { type GitContext, remoteUrl } from '@taskpod/git';
import { claimsEnabled } from './claim-settings';

/** The claim of task `id` on origin; locally, the claim this workspace made and has not released yet. */
export const claimRef = (id: string) => `refs/taskpod/claims/${id}`;
/** Where a fetched copy of someone else's claim is kept, apart from this workspace's own. */
export const seenClaimRef = (id: string) => `refs/taskpod/seen-claims/${id}`;
/** The shared reply of one reply-store key (a commit whose tree holds `reply.json`). */
export const sharedReplyRef = (key: string) => `refs/taskpod/replies/${key}`;

/** The remote runners share (origin), or null: claims are off, or there is no origin (one machine). */
export async function sharedRemote(git: GitContext): Promise<string | null> {
  if (!claimsEnabled(git.env)) return null;
  return (await remoteUrl(git, 'origin')) ? 'origin' : null;
}

/** A claim note's message: its JSON on one line, after a subject a person reading the ref understands. */
export const claimMessage = (claim: TaskClaim) =>
  `taskpod claim ${claim.task_id} (${claim.state} by ${claim.runner})\n\n${JSON.stringify(claim)}\n`;

/** The claim in a note's message, or null when it holds none (a ref someone wrote by hand). */
export function parseClaimMessage(message: string): TaskClaim | null {
  const json = message.split('\n').find((line) => line.startsWith('{'));
  if (!json) return null;
  try {
    const claim = JSON.parse(json) as TaskClaim;
    return typeof claim.runner === 'string' && (claim.state === 'claimed' || claim.state === 'delivered') ? claim : null;
  } catch {
    return null;
  }
}
