import type { SeenRequest } from '@taskpod/pipeline';

/** The agent's client as its MCP `initialize` named it (`clientInfo`). */
export interface McpClient {
  name: string;
  version: string | null;
}

/** What every tool is handed: the workspace, the outside world, and what this connection has seen. */
export interface McpSession {
  /** Absolute path of the taskpod workspace; every path a tool reads or writes stays inside it. */
  root: string;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** Progress lines and warnings for the person running the server: never stdout, which carries the protocol. */
  log: (line: string) => void;
  /** The connected client; before `initialize` (never, for a tool call) a placeholder. */
  client: () => McpClient;
  /** The request each task's prompt was rendered as (render_prompt), so submit_work records what the agent saw. */
  seen: Map<string, SeenRequest>;
}
