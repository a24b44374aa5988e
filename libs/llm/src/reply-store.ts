import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { type ModelReply, UserError, replyPath, resolveRealPath } from '@taskpod/core';
import { writeFileAtomicSync } from '@taskpod/core/atomic-write';
import { canonicalJson } from './canonical-json';
import { replyProblem } from './reply-contract';
import type { Completion, ModelRequest } from './types';

/** One recorded reply: plain JSON at `.patches/replies/<xx>/<key>.json`, meant to be committed. */
export interface StoredReply {
  key: string;
  /** A summary of the request, enough to recognise it; the prompt itself is not repeated. */
  request: { model: string; prompt_hash: string; parameters: Record<string, unknown>; structured_output: boolean };
  /** Which provider answered and the model it reported. */
  provider: string;
  model: string;
  reply: ModelReply;
  /** What the request used when it was asked; cost null when the model has no known price. */
  usage: { tokens_in: number; tokens_out: number; cost_usd: number | null };
  recorded_at: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The store key: a hash of exactly what is sent (messages, model, parameters, response format). */
export function replyKey(request: ModelRequest): string {
  return sha256(
    canonicalJson({
      model: request.model,
      messages: request.messages,
      parameters: request.parameters,
      response_format: request.response_format,
    }),
  );
}

/** Hash of the rendered prompt alone (the messages), as recorded in run.json. */
export function promptHash(request: Pick<ModelRequest, 'messages'>): string {
  return sha256(canonicalJson(request.messages));
}

/** The stored reply for a key, or null on a miss; a damaged file is an error naming it. */
export function readStoredReply(root: string, key: string): StoredReply | null {
  const rel = replyPath(key);
  let text: string;
  try {
    text = readFileSync(path.join(root, rel), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let entry: StoredReply;
  try {
    entry = JSON.parse(text) as StoredReply;
  } catch (error) {
    throw new UserError(`The reply store file ${rel} is not valid JSON.`, { hint: `Delete it to ask the model again.` }, { cause: error });
  }
  const problem = replyProblem(entry?.reply);
  if (problem)
    throw new UserError(`The reply store file ${rel} holds no valid reply: reply ${problem}.`, {
      hint: 'Delete it to ask the model again.',
    });
  return entry;
}

/** Writes a reply atomically (core's atomic write: temp file, fsync, rename) and returns its workspace path. */
export function writeStoredReply(root: string, entry: StoredReply): string {
  const rel = replyPath(entry.key);
  const file = path.join(realpathSync.native(root), rel);
  // A committed symlink on the way (`.patches/replies` -> elsewhere) would carry the reply out of the workspace.
  const real = resolveRealPath(path.dirname(file)).real;
  if (real !== path.dirname(file))
    throw new UserError(
      `The reply store folder ${path.posix.dirname(rel)} resolves to ${real} through a symlink; replies are written only inside the workspace.`,
      { hint: 'Replace the symlink with a folder, then run again.' },
    );
  writeFileAtomicSync(file, `${JSON.stringify(entry, null, 2)}\n`);
  return rel;
}

/** A stored reply as the completion a provider would have returned (what it was paid, then). */
export function completionOf(stored: StoredReply): Completion {
  return {
    reply: stored.reply,
    tokensIn: stored.usage.tokens_in,
    tokensOut: stored.usage.tokens_out,
    model: stored.model,
    costUsd: stored.usage.cost_usd,
  };
}
