import type { Command } from '../command';
import { addCommand } from './add';
import { applyCommand } from './apply';
import { initCommand } from './init';
import { importCommand } from './import';
import { listCommand } from './list';
import { logCommand } from './log';
import { mcpCommand } from './mcp';
import { nextCommand } from './next';
import { patchCommand } from './patch';
import { promptCommand } from './prompt';
import { recordsCommand } from './records';
import { reopenCommand } from './reopen';
import { reportCommand } from './report';
import { runCommand } from './run';
import { setStatusCommand } from './set-status';
import { showCommand } from './show';
import { splitCommand } from './split';
import { undoCommand } from './undo';

/** Every command, in the order `taskpod --help` lists them. */
export const COMMANDS: Command[] = [
  nextCommand,
  listCommand,
  showCommand,
  promptCommand,
  runCommand,
  patchCommand,
  applyCommand,
  logCommand,
  setStatusCommand,
  reopenCommand,
  addCommand,
  undoCommand,
  reportCommand,
  recordsCommand,
  splitCommand,
  initCommand,
  importCommand,
  mcpCommand,
];
