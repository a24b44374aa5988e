import type { ModelReply } from '@taskpod/core';

/** JSON schema of the reply contract (docs/file-formats.md, "The reply contract"), used for structured output. */
export const REPLY_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['summary', 'files'],
  properties: {
    summary: { type: 'string' },
    files: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'content'],
        properties: { path: { type: 'string' }, content: { type: 'string' } },
      },
    },
  },
} as const;

/** The Chat Completions `response_format` that asks for the reply contract. */
export const REPLY_RESPONSE_FORMAT = {
  type: 'json_schema',
  json_schema: { name: 'taskpod_reply', strict: true, schema: REPLY_JSON_SCHEMA },
} as const;

/** Why a value is not a reply, or null when it is one. */
export function replyProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not a JSON object';
  const v = value as Record<string, unknown>;
  if (typeof v.summary !== 'string') return '`summary` is not a string';
  if (!Array.isArray(v.files)) return '`files` is not an array';
  for (const [i, file] of v.files.entries()) {
    if (typeof file !== 'object' || file === null) return `files[${i}] is not an object`;
    const f = file as Record<string, unknown>;
    if (typeof f.path !== 'string') return `files[${i}].path is not a string`;
    if (typeof f.content !== 'string') return `files[${i}].content is not a string`;
  }
  return null;
}

/** Keeps only the contract's fields (and the optional reasoning and handoff text), so extra keys never reach the files. */
export function toModelReply(value: {
  summary: string;
  files: { path: string; content: string }[];
  reasoning?: unknown;
  handoff?: unknown;
}): ModelReply {
  return { summary: value.summary, files: value.files.map((f) => ({ path: f.path, content: f.content })), ...replyExtras(value) };
}

/** `reasoning` and `handoff` when a reply carries them as non-empty text; anything else is dropped. */
export function replyExtras(value: { reasoning?: unknown; handoff?: unknown }): Pick<ModelReply, 'reasoning' | 'handoff'> {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  const reasoning = text(value.reasoning);
  const handoff = text(value.handoff);
  return { ...(reasoning !== undefined ? { reasoning } : {}), ...(handoff !== undefined ? { handoff } : {}) };
}
