import { InternalError } from '@taskpod/core';
import type { Command } from '../command';

export const splitCommand: Command = {
  name: 'split',
  summary: 'not implemented yet',
  help: 'taskpod split (not implemented yet)',
  options: {},
  run: async () => {
    throw new InternalError('`taskpod split` is not implemented yet.');
  },
};
