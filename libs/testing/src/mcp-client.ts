import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { GIT_TEST_ENV } from './git-repo';
import { TASKPOD_BIN } from './spawn-taskpod';

/** The name and version the test client gives in `initialize`: the run record must name them. */
export const MCP_TEST_CLIENT = { name: 'taskpod-e2e-client', version: '9.9.9' };

/** The environment of a spawned `taskpod mcp`: git kept from the user's config, no provider or secret from the caller's shell. */
export function mcpServerEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries({
    ...process.env,
    ...GIT_TEST_ENV,
    NO_COLOR: '1',
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
  })) {
    if (value !== undefined) env[name] = value;
  }
  for (const name of ['TASKPOD_PROVIDER', 'TASKPOD_MODEL', 'OPENAI_BASE_URL', 'OPENAI_API_KEY', 'GITHUB_TOKEN', 'GITHUB_REPOSITORY'])
    delete env[name];
  return { ...env, ...extra };
}

/**
 * The MCP SDK's own client connected over stdio to `taskpod mcp` spawned from the built bin in
 * `cwd`, as an agent starts it; closed after the test. `stderr()` is what the server wrote there.
 */
export async function connectMcpClient(t: { after: (fn: () => Promise<void>) => void }, cwd: string, env = mcpServerEnv()) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [TASKPOD_BIN, 'mcp'], cwd, env, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk) => void (stderr += String(chunk)));
  const client = new Client(MCP_TEST_CLIENT);
  await client.connect(transport);
  t.after(() => client.close());
  return { client, stderr: () => stderr };
}

/** tools/call, with the result typed as a tool's (content, structuredContent, isError). */
export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<CallToolResult & { content: { type: string; text?: string }[] }> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult & { content: { type: string; text?: string }[] };
}
