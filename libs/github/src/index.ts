export * from './create-github-client';
