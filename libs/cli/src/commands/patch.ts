import { InternalError } from '@taskpod/core';
import type { Command } from '../command';

export const patchCommand: Command = {
  name: 'patch',
  summary: 'not implemented yet',
  help: 'taskpod patch (not implemented yet)',
  options: {},
  run: async () => {
    throw new InternalError('`taskpod patch` is not implemented yet.');
  },
};
