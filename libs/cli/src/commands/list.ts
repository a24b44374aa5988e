import { InternalError } from '@taskpod/core';
import type { Command } from '../command';

export const listCommand: Command = {
  name: 'list',
  summary: 'not implemented yet',
  help: 'taskpod list (not implemented yet)',
  options: {},
  run: async () => {
    throw new InternalError('`taskpod list` is not implemented yet.');
  },
};
