import type { Command } from '../command';
import { applyCommand } from './apply';
import { initCommand } from './init';
import { importCommand } from './import';
import { listCommand } from './list';
import { logCommand } from './log';
import { mcpCommand } from './mcp';
import { nextCommand } from './next';
import { patchCommand } from './patch';
import { promptCommand } from './prompt';
import { runCommand } from './run';
import { splitCommand } from './split';

/** Every command, in the order `taskpod --help` lists them. */
export const COMMANDS: Command[] = [
  nextCommand,
  listCommand,
  promptCommand,
  runCommand,
  patchCommand,
  applyCommand,
  logCommand,
  splitCommand,
  initCommand,
  importCommand,
  mcpCommand,
];
