import { InternalError } from '@taskpod/core';
import type { Command } from '../command';

export const logCommand: Command = {
  name: 'log',
  summary: 'not implemented yet',
  help: 'taskpod log (not implemented yet)',
  options: {},
  run: async () => {
    throw new InternalError('`taskpod log` is not implemented yet.');
  },
};
