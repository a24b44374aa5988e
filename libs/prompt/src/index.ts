export * from './types';
export * from './fit-context-budget';
export * from './build-prompt-context';
export * from './default-template';
export * from './render-prompt';
export * from './render-context-sections';
export * from './read-prompt-inputs';
export { isFrameworkTemplate, renderFrameworkTemplate } from './framework-prompt';
