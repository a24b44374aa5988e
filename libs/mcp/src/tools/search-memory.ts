import { z } from 'zod';
import { defineTool } from '../define-tool';
import { openWorkspace } from '../open-workspace';
import { filterMemoryIndex, readMemoryIndex } from '../read-memory-index';

const entry = z.looseObject({
  path: z.string(),
  description: z.string().nullable(),
  tags: z.array(z.string()),
  pod_owner: z.string().nullable(),
  source: z.string(),
});

/** The memory index (what every prompt lists) filtered, so an agent finds the file it needs without reading all. */
export const searchMemoryTool = defineTool({
  name: 'search_memory',
  title: 'Search memory',
  description:
    "The workspace's memory index (every entry of the memory.yaml files the tasks see: path, description, tags, pod_owner, and repo/ref for live GitHub memory), " +
    'filtered by text, tags and pod; every criterion given must hold. Read a local file through its resource taskpod://memory/<path>.',
  input: z.strictObject({
    text: z.string().optional().describe('Case-insensitive text to find in path, description, tags, category or file type'),
    tags: z.array(z.string().min(1)).optional().describe('Entries carrying every one of these tags (case-insensitive)'),
    pod: z.string().min(1).optional().describe('Entries whose pod_owner is this pod'),
  }),
  output: z.object({ entries: z.array(entry) }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  run: async (session, input) => {
    const { tasks } = await openWorkspace(session);
    const entries = filterMemoryIndex(await readMemoryIndex(session.root, tasks, session.log), input);
    return { text: JSON.stringify(entries, null, 2), structured: { entries } };
  },
});
