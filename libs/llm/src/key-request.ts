import { promptHash, replyKey } from './reply-store';
import type { ModelRequest } from './types';

/** A request with its reply-store key and prompt hash: computed once, then carried to obtainReply and run.json. */
export interface KeyedRequest {
  request: ModelRequest;
  key: string;
  promptHash: string;
}

export function keyRequest(request: ModelRequest): KeyedRequest {
  return { request, key: replyKey(request), promptHash: promptHash(request) };
}
