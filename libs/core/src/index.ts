export * from './types';
export * from './errors';
export * from './paths';
export * from './config';
export * from './make-task';
