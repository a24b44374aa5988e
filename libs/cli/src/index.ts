export { main } from './main';
export type { CliIo, Command } from './command';
export { nxEnvFor } from './run-nx';
