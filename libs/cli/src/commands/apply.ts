import { InternalError } from '@taskpod/core';
import type { Command } from '../command';

export const applyCommand: Command = {
  name: 'apply',
  summary: 'not implemented yet',
  help: 'taskpod apply (not implemented yet)',
  options: {},
  run: async () => {
    throw new InternalError('`taskpod apply` is not implemented yet.');
  },
};
