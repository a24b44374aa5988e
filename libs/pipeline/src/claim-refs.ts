import { statSync } from 'node:fs';
import * as path from 'node:path';
import type { TaskClaim } from '@taskpod/core';
import { type GitContext, remoteUrl } from '@taskpod/git';
import { claimsEnabled } from './claim-settings';

/** The claim of task `id` on origin; locally, the claim this workspace made and has not released yet. */
/** Where the claims live, locally and on origin. */
export const CLAIMS_PREFIX = 'refs/taskpod/claims/';
export const claimRef = (id: string) => `${CLAIMS_PREFIX}${id}`;
/** Where a fetched copy of someone else's claim is kept, apart from this workspace's own. */
export const seenClaimRef = (id: string) => `refs/taskpod/seen-claims/${id}`;
/** The shared reply of one reply-store key (a commit whose tree holds `reply.json`). */
export const sharedReplyRef = (key: string) => `refs/taskpod/replies/${key}`;

/** The remote runners share (origin), or null: claims are off, or there is no origin (one machine). */
export async function sharedRemote(git: GitContext): Promise<string | null> {
  if (!claimsEnabled(git.env)) return null;
  // Every step of every task asks, and each `git remote get-url` is a process: the answer is kept
  // until the repository's config file changes (adding or removing a remote rewrites it).
  const stamp = statSync(path.join(git.cwd, '.git', 'config'), { throwIfNoEntry: false })?.mtimeMs;
  if (stamp === undefined) return findOrigin(git);
  const known = origins.get(git.cwd);
  if (known?.stamp === stamp) return known.remote;
  const remote = findOrigin(git);
  origins.set(git.cwd, { stamp, remote });
  remote.catch(() => origins.delete(git.cwd));
  return remote;
}

const origins = new Map<string, { stamp: number; remote: Promise<string | null> }>();
const findOrigin = async (git: GitContext) => ((await remoteUrl(git, 'origin')) ? 'origin' : null);

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
