import { type GitHubServer, startGitHubServer } from './github-server';
import { cliTestEnv, makeNxWorkspaceWithOrigin } from './nx-workspace';
import { type OpenAiServer, startOpenAiServer } from './openai-server';

/** A workspace with a bare origin whose model and GitHub are loopback servers, and the CLI's env for them. */
export interface LoopbackWorkspace {
  dir: string;
  origin: string;
  model: OpenAiServer;
  github: GitHubServer;
  /** What the CLI (or nx) is started with: the loopback model and GitHub, Nx plugins in-process. */
  env: () => NodeJS.ProcessEnv;
  close: () => Promise<void>;
}

/**
 * The setup of the end-to-end suites that drive the real CLI: makeNxWorkspaceWithOrigin with the
 * openai provider, a loopback OpenAI answering with `answer`, a loopback GitHub for `repository`.
 */
export async function startLoopbackWorkspace(
  files: Record<string, string>,
  answer: Parameters<typeof startOpenAiServer>[0],
  repository = 'acme/shop',
): Promise<LoopbackWorkspace> {
  const cleanups: (() => void)[] = [];
  const model = await startOpenAiServer(answer);
  const github = await startGitHubServer();
  const made = makeNxWorkspaceWithOrigin({ after: (fn) => cleanups.push(fn) }, files, { provider: 'openai', model: 'gpt-4o-mini' });
  const env = () =>
    cliTestEnv(made.root, {
      NX_ISOLATE_PLUGINS: 'false',
      NX_TUI: 'false',
      OPENAI_API_KEY: 'sk-loopback-test-key',
      OPENAI_BASE_URL: model.url,
      GITHUB_TOKEN: 'ghp_loopback_test_token',
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: repository,
    });
  return {
    dir: made.root,
    origin: made.origin,
    model,
    github,
    env,
    close: async () => {
      await model.close();
      await github.close();
      for (const cleanup of cleanups) cleanup();
    },
  };
}
