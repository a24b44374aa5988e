import type OpenAI from 'openai';
import { InternalError, type TaskpodConfig } from '@taskpod/core';
import { createOpenAIClient } from './create-openai-client';
import { createOpenAIProvider } from './openai-provider';
import { createReplayProvider } from './replay-provider';
import type { ProviderChoice } from './select-provider';
import type { Provider, WithAgentWorktree } from './types';

export interface ProviderDeps {
  root: string;
  config: TaskpodConfig;
  env: NodeJS.ProcessEnv;
  /** Makes the OpenAI client; default `createOpenAIClient`. Called only when `openai` is chosen. */
  openaiClient?: (env: NodeJS.ProcessEnv, config: TaskpodConfig) => OpenAI;
  /** The shell provider's worktree (git's `withAgentWorktree` bound to the workspace); needed only when `shell` is chosen. */
  agentWorktree?: WithAgentWorktree;
}

/** The provider a choice names, wired to the workspace, config and environment handed in. */
export function createProvider(choice: ProviderChoice, deps: ProviderDeps): Provider {
  switch (choice.provider) {
    case 'openai':
      return createOpenAIProvider({
        client: () => (deps.openaiClient ?? createOpenAIClient)(deps.env, deps.config),
        config: deps.config,
        env: deps.env,
      });
    case 'shell': {
      if (!deps.agentWorktree)
        throw new InternalError('createProvider chose the shell provider, but its caller handed in no agentWorktree.');
      // Loaded only when chosen: it brings execa, a tenth of a second that every `run` process of an
      // openai or replay workspace would otherwise pay at start.
      const { createShellProvider } = require('./shell-provider') as typeof import('./shell-provider');
      return createShellProvider({
        worktree: deps.agentWorktree,
        command: choice.command ?? [],
        timeoutMs: deps.config.shell.timeoutMs,
        env: deps.env,
        prices: deps.config.prices,
      });
    }
    case 'replay':
      return createReplayProvider({ root: deps.root });
  }
}
