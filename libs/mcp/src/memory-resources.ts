import { readFile, stat } from 'node:fs/promises';
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { UserError, resolveInsideWorkspace } from '@taskpod/core';
import { formatToolError } from './format-tool-error';
import type { McpSession } from './mcp-session';
import { openWorkspace } from './open-workspace';
import { type MemoryIndexEntry, readMemoryIndex } from './read-memory-index';

export const MEMORY_INDEX_URI = 'taskpod://memory-index';
const MEMORY_FILE_TEMPLATE = 'taskpod://memory/{+path}';
export const memoryFileUri = (rel: string) => `taskpod://memory/${encodeURI(rel)}`;

const MIME_TYPES: Record<string, string> = {
  md: 'text/markdown',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  json: 'application/json',
};
const mimeTypeOf = (rel: string) => MIME_TYPES[rel.split('.').pop()?.toLowerCase() ?? ''] ?? 'text/plain';

/**
 * Resources: the memory index as JSON, and each local memory file it names. Only a path the index
 * names is served, and only where it really leads inside the workspace (outside `.git/`), as a
 * prompt would read it; anything else is an error naming the path.
 */
export function registerMemoryResources(server: McpServer, session: McpSession): void {
  const index = async () => readMemoryIndex(session.root, (await openWorkspace(session)).tasks, session.log);
  server.registerResource(
    'memory-index',
    MEMORY_INDEX_URI,
    {
      title: 'Memory index',
      description: 'Every entry of the memory.yaml files the tasks see (path, description, tags, pod_owner, live repo/ref), as JSON',
      mimeType: 'application/json',
    },
    guarded(session, async (uri) => ({
      contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify({ entries: await index() }, null, 2) }],
    })),
  );
  const template = new ResourceTemplate(MEMORY_FILE_TEMPLATE, {
    list: guarded(session, async () => ({
      resources: (await servableFiles(session.root, await index())).map((e) => ({
        uri: memoryFileUri(e.path),
        name: e.path,
        ...(e.description ? { description: e.description } : {}),
        mimeType: mimeTypeOf(e.path),
      })),
    })),
  });
  server.registerResource(
    'memory-file',
    template,
    { title: 'Memory file', description: 'A local file the memory index names, read from the workspace' },
    guarded(session, async (uri, variables) => {
      const rel = decodeURIComponent(String(variables.path));
      const entry = (await index()).find((e) => e.repo === null && e.path === rel);
      if (!entry)
        throw new UserError(`\`${rel}\` is not a local memory file of this workspace: no memory.yaml a task sees names it.`, {
          hint: `Read ${MEMORY_INDEX_URI} for the files it names.`,
        });
      const real = resolveInsideWorkspace(session.root, rel, { field: 'memory path', file: entry.source });
      return { contents: [{ uri: uri.href, mimeType: mimeTypeOf(rel), text: await readFile(real, 'utf8') }] };
    }),
  );
}

/** Local entries that name one existing file inside the workspace (no pattern, no live memory). */
async function servableFiles(root: string, entries: MemoryIndexEntry[]): Promise<MemoryIndexEntry[]> {
  const seen = new Set<string>();
  const out: MemoryIndexEntry[] = [];
  for (const e of entries) {
    if (e.repo !== null || seen.has(e.path) || /[*?[\]{}]|<[^<>/]+>/.test(e.path)) continue;
    seen.add(e.path);
    try {
      if ((await stat(resolveInsideWorkspace(root, e.path, { field: 'memory path', file: e.source }))).isFile()) out.push(e);
    } catch {
      // Missing, or leading out of the workspace: not listed (reading it says why).
    }
  }
  return out;
}

/** A resource callback whose failures reach the client as the text the CLI prints. */
function guarded<Args extends unknown[], R>(session: McpSession, fn: (...args: Args) => Promise<R>): (...args: Args) => Promise<R> {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (error) {
      throw new McpError(ErrorCode.InvalidParams, formatToolError(error, session.env));
    }
  };
}
