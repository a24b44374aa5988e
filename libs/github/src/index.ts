export * from './create-github-client';
export * from './parse-repository';
export * from './open-pull-request';
export * from './build-pull-request-body';
export * from './fetch-memory-file';
