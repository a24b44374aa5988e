import { InternalError } from '@taskpod/core';
import type { Command } from '../command';

export const runCommand: Command = {
  name: 'run',
  summary: 'not implemented yet',
  help: 'taskpod run (not implemented yet)',
  options: {},
  run: async () => {
    throw new InternalError('`taskpod run` is not implemented yet.');
  },
};
