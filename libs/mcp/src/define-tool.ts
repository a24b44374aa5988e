import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { formatToolError } from './format-tool-error';
import type { McpSession } from './mcp-session';

/** What a tool returns: text for the agent to read, and the same facts as structured content. */
export interface ToolAnswer {
  text: string;
  structured: Record<string, unknown>;
}

/** One MCP tool: its schemas (sent as JSON Schema in tools/list) and what it does with valid input. */
export interface TaskpodTool<Input extends z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: Input;
  output: z.ZodObject;
  annotations: ToolAnnotations;
  run: (session: McpSession, input: z.output<Input>) => Promise<ToolAnswer>;
}

/** A tool ready to register; the list in tools/index.ts is made of these. */
export interface ToolEntry {
  name: string;
  register: (server: McpServer, session: McpSession) => void;
}

/**
 * Turns a tool into a registry entry. Input the schema refuses never reaches `run` (the SDK answers
 * it as a tool error); a failure inside `run` becomes a tool error with the text the CLI prints.
 */
export function defineTool<Input extends z.ZodObject>(tool: TaskpodTool<Input>): ToolEntry {
  const register = (server: McpServer, session: McpSession) => {
    const config = {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.input,
      outputSchema: tool.output,
      annotations: tool.annotations,
    };
    server.registerTool(tool.name, config, (async (input: z.output<Input>) => {
      try {
        const answer = await tool.run(session, input);
        return { content: [{ type: 'text', text: answer.text }], structuredContent: answer.structured };
      } catch (error) {
        return { content: [{ type: 'text', text: formatToolError(error, session.env) }], isError: true };
      }
    }) as never);
  };
  return { name: tool.name, register };
}
