import { GitError } from '@taskpod/core';
import {
  fetchRefsCoalesced,
  pushRefLeaseCoalesced,
  pushRefLeaseLingering,
  readLocalRef,
  readNoteFile,
  setLocalRef,
  writeNoteCommit,
} from '@taskpod/git';
import { type SharedReplies, type StoredReply, readStoredReply, replyProblem, writeStoredReply } from '@taskpod/llm';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { replyPath } from '@taskpod/core';
import { sharedReplyRef } from './claim-refs';
import { type StepContext, workspaceGit } from './step-context';

const REPLY_FILE = 'reply.json';

/**
 * The reply store as origin shares it: one ref per key, `refs/taskpod/replies/<key>`, a commit whose
 * tree holds the stored reply. Fetched before a model is asked, pushed as soon as a reply is
 * recorded (before patch and apply), so a runner that takes over a dead runner's claim reuses what it
 * paid for. Keys are content hashes, so refs never conflict: the first one pushed is kept. Sharing is
 * best effort: a failure is a warning, and the model is asked as without it. `remote` is where the
 * run's claim is (origin).
 */
export function openSharedReplies(ctx: StepContext, remote: string): SharedReplies {
  const git = workspaceGit(ctx);
  const warn = (what: string, error: unknown) => {
    if (!(error instanceof GitError)) throw error;
    ctx.log(`taskpod: warning: could not ${what} the shared reply store on origin: ${error.message.split('\n')[0]}`);
  };
  return {
    fetch: async (key) => {
      try {
        await fetchRefsCoalesced(git, remote, `+${sharedReplyRef(key)}*:${sharedReplyRef(key)}*`);
        const text = await readNoteFile(git, sharedReplyRef(key), REPLY_FILE);
        const entry = text === null ? null : parseSharedReply(text, key);
        if (entry && !readStoredReply(ctx.root, key)) writeStoredReply(ctx.root, entry);
      } catch (error) {
        warn('read', error);
      }
    },
    publish: async (key, { fresh }) => {
      try {
        const text = readFileSync(path.join(ctx.root, replyPath(key)), 'utf8');
        const oid = await writeNoteCommit(git, `taskpod reply ${key}\n`, { [REPLY_FILE]: text });
        // A fresh answer replaces the shared one seen just now; otherwise the first one shared is kept.
        if (fresh) await fetchRefsCoalesced(git, remote, `+${sharedReplyRef(key)}*:${sharedReplyRef(key)}*`);
        const expect = fresh ? await readLocalRef(git, sharedReplyRef(key)) : null;
        // Stale: another runner shared this key first, with an answer as good as ours.
        // New replies arrive a few at a time, and waiting a moment lets them share one push; a fresh
        // one replaces what it just fetched, so it goes at once.
        const push = fresh ? pushRefLeaseCoalesced : pushRefLeaseLingering;
        const outcome = await push(git, remote, { ref: sharedReplyRef(key), oid, expect });
        if (outcome === 'ok') await setLocalRef(git, sharedReplyRef(key), oid);
      } catch (error) {
        warn('write', error);
      }
    },
  };
}

/** A shared reply that is a valid stored reply for this key, or null (then the model is asked). */
function parseSharedReply(text: string, key: string): StoredReply | null {
  try {
    const entry = JSON.parse(text) as StoredReply;
    return entry?.key === key && replyProblem(entry.reply) === null ? entry : null;
  } catch {
    return null;
  }
}
