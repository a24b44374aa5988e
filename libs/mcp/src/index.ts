export { serveMcp, type ServeMcpOptions } from './serve-mcp';
export { createMcpServer } from './create-mcp-server';
export { TOOLS } from './tools';
export { defineTool, type TaskpodTool, type ToolAnswer, type ToolEntry } from './define-tool';
export type { McpClient, McpSession } from './mcp-session';
export { MEMORY_INDEX_URI, memoryFileUri } from './memory-resources';
