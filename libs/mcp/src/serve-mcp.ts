import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer } from './create-mcp-server';
import type { McpSession } from './mcp-session';

export interface ServeMcpOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  /** Where protocol messages arrive, and the only place anything is written to for the client. */
  input: Readable;
  output: Writable;
  /** Everything else: warnings and progress, for the person running the server (stderr). */
  log: (line: string) => void;
  now?: () => Date;
  version?: string;
}

/** Serves the Model Context Protocol over a pair of streams (stdio) until the client goes away. */
export async function serveMcp(options: ServeMcpOptions): Promise<void> {
  let server: ReturnType<typeof createMcpServer> | undefined;
  const session: McpSession = {
    root: options.root,
    env: options.env,
    now: options.now ?? (() => new Date()),
    log: options.log,
    client: () => {
      const info = server?.server.getClientVersion();
      return { name: info?.name ?? 'unknown', version: info?.version ?? null };
    },
    seen: new Map(),
  };
  server = createMcpServer(session, options.version ?? ownVersion());
  const closed = new Promise<void>((resolve) => {
    // The client ends stdin (or the pipe breaks) when it is done: then the server is too.
    options.input.once('end', resolve);
    options.input.once('close', resolve);
  });
  const transport = new StdioServerTransport(options.input, options.output);
  transport.onerror = (error) => options.log(`taskpod: mcp: ${error.message}`);
  await server.connect(transport);
  await closed;
  await server.close();
}

const ownVersion = (): string => (require('@taskpod/mcp/package.json') as { version: string }).version;
