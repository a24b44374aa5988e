import type { ModelReply } from '@taskpod/core';
import { replyProblem, toModelReply } from './reply-contract';

/** The result of a tolerant parse: a reply, or the reason there is none. */
export type ParsedReply = { reply: ModelReply; problem: null } | { reply: null; problem: string };

/**
 * Reads a reply from model text: plain JSON, or JSON inside a ```json fence, or the outermost
 * `{...}` of the text, since models without structured output often wrap their JSON in prose.
 */
export function parseReplyText(text: string): ParsedReply {
  const candidates = replyCandidates(text);
  let problem = 'contains no JSON object';
  for (const candidate of candidates) {
    let value: unknown;
    try {
      value = JSON.parse(candidate);
    } catch (error) {
      problem = `is not valid JSON (${(error as Error).message})`;
      continue;
    }
    const why = replyProblem(value);
    if (why === null) return { reply: toModelReply(value as ModelReply), problem: null };
    problem = why;
  }
  return { reply: null, problem };
}

function replyCandidates(text: string): string[] {
  const trimmed = text.trim();
  const out = [trimmed];
  const fence = /```(?:json)?\s*\n([\s\S]*?)\n?```/i.exec(trimmed);
  if (fence) out.push(fence[1].trim());
  const first = trimmed.indexOf('{');
  const last = trimmed.lastIndexOf('}');
  if (first >= 0 && last > first) out.push(trimmed.slice(first, last + 1));
  return [...new Set(out.filter((c) => c !== ''))];
}
