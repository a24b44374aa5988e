export type { AgentWorktree, Completion, ModelRequest, Provider, WithAgentWorktree } from './types';
export { REPLY_JSON_SCHEMA, REPLY_RESPONSE_FORMAT, replyProblem, toModelReply } from './reply-contract';
export { promptHash, replyKey, writeStoredReply } from './reply-store';
export { obtainReply, type ModelCallLimit } from './obtain-reply';
export { OpenAI } from './create-openai-client';
export { selectProvider, type ProviderChoice } from './select-provider';
export { guardReplyPaths } from './guard-reply-paths';
export { createProvider } from './create-provider';
