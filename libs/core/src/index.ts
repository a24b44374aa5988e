export * from './types';
export * from './errors';
export * from './paths';
export * from './config';
export * from './make-task';
export * from './output-globs';
export * from './outputs-may-overlap';
