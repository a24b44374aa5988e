export * from './temp-dir';
export * from './git-repo';
export * from './loopback-server';
