import { InternalError } from '@taskpod/core';
import type { Command } from '../command';

export const nextCommand: Command = {
  name: 'next',
  summary: 'not implemented yet',
  help: 'taskpod next (not implemented yet)',
  options: {},
  run: async () => {
    throw new InternalError('`taskpod next` is not implemented yet.');
  },
};
