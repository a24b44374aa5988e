import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpSession } from './mcp-session';
import { registerMemoryResources } from './memory-resources';
import { TOOLS } from './tools';

/** What the agent is told on connecting: the loop the tools make. */
const INSTRUCTIONS = [
  'taskpod: a backlog of AI tasks in this repository. To do one as its pod:',
  'next_task (which task), render_prompt (what to do and which files you may write), do the work,',
  'submit_work (the files, through the same path guard as a model reply), make_patch, apply_task (branch taskpod/<id>, push, PR), log_task (trace log, metrics, status done).',
  'list_tasks, show_task and search_memory look things up; the memory index and memory files are resources.',
].join('\n');

/** The taskpod MCP server for one connection: every tool of TOOLS and the memory resources. */
export function createMcpServer(session: McpSession, version: string): McpServer {
  const server = new McpServer({ name: 'taskpod', version }, { instructions: INSTRUCTIONS, capabilities: { tools: {}, resources: {} } });
  for (const tool of TOOLS) tool.register(server, session);
  registerMemoryResources(server, session);
  return server;
}
