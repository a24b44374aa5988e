export * from './types';
export * from './reply-contract';
export * from './parse-reply-text';
export * from './prices';
export * from './canonical-json';
export * from './reply-store';
export * from './obtain-reply';
export * from './create-openai-client';
export * from './openai-provider';
// The shell provider is reached through createProvider, which loads it (and execa) only when chosen.
export type { ShellProviderOptions } from './shell-provider';
export * from './replay-provider';
export * from './select-provider';
export * from './guard-reply-paths';
export * from './create-provider';
