import { type Issue, type MemoryEntry, type Task, formatIssue, readTaskMemory } from '@taskpod/core';

/** A memory entry as memory.yaml spells its fields, with the file it came from. */
export interface MemoryIndexEntry {
  path: string;
  description: string | null;
  tags: string[];
  file_type: string | null;
  pod_owner: string | null;
  category: string | null;
  repo: string | null;
  ref: string | null;
  source: string;
}

/**
 * The workspace's memory index: every entry of every memory file some task sees (memory/memory.yaml,
 * the memory.yaml beside a task, the files a task names), each file read once, in the order tasks
 * name them. Each file is read as for the first task naming it, so a missing or invalid one fails
 * with the message `run` would give for that task; warnings go to `warn`.
 */
export async function readMemoryIndex(root: string, tasks: readonly Task[], warn: (line: string) => void): Promise<MemoryIndexEntry[]> {
  const owners = new Map<string, Task>();
  for (const task of tasks) for (const file of task.memory) if (!owners.has(file)) owners.set(file, task);
  const entries: MemoryIndexEntry[] = [];
  for (const [file, task] of owners) {
    const warnings: Issue[] = [];
    const read = await readTaskMemory(root, { ...task, memory: [file] }, warnings);
    for (const issue of warnings) warn(`taskpod: warning: ${formatIssue(issue)}`);
    entries.push(...read.map(toIndexEntry));
  }
  return entries;
}

const toIndexEntry = (e: MemoryEntry): MemoryIndexEntry => ({
  path: e.path,
  description: e.description,
  tags: e.tags,
  file_type: e.fileType,
  pod_owner: e.podOwner,
  category: e.category,
  repo: e.repo,
  ref: e.ref,
  source: e.source,
});

/** What search_memory asks for; every given criterion must hold. */
export interface MemoryQuery {
  /** Case-insensitive, in path, description, tags, category or file type. */
  text?: string;
  /** Every one of these tags (case-insensitive). */
  tags?: string[];
  pod?: string;
}

/** The entries that match every criterion given. Pure. */
export function filterMemoryIndex(entries: readonly MemoryIndexEntry[], query: MemoryQuery): MemoryIndexEntry[] {
  const text = query.text?.trim().toLowerCase();
  const tags = (query.tags ?? []).map((t) => t.toLowerCase());
  return entries.filter((e) => {
    if (query.pod !== undefined && e.pod_owner !== query.pod) return false;
    const own = new Set(e.tags.map((t) => t.toLowerCase()));
    if (!tags.every((t) => own.has(t))) return false;
    if (!text) return true;
    return [e.path, e.description ?? '', e.category ?? '', e.file_type ?? '', ...e.tags].some((field) =>
      field.toLowerCase().includes(text),
    );
  });
}
