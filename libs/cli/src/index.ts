export { main } from './main';
export type { CliIo, Command } from './command';
