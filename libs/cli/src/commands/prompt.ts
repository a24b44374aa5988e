import { InternalError } from '@taskpod/core';
import type { Command } from '../command';

export const promptCommand: Command = {
  name: 'prompt',
  summary: 'not implemented yet',
  help: 'taskpod prompt (not implemented yet)',
  options: {},
  run: async () => {
    throw new InternalError('`taskpod prompt` is not implemented yet.');
  },
};
