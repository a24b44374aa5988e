export type { PromptMessages } from './types';
export { buildPromptContext } from './build-prompt-context';
export { renderPrompt } from './render-prompt';
export { readPromptInputs } from './read-prompt-inputs';
