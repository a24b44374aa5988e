export * from './step-context';
export * from './run-step';
export * from './patch-step';
export * from './apply-step';
export * from './log-step';
export * from './apply-publish';
export * from './model-call-limit';
