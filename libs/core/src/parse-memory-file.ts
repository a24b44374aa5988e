import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { Issue } from './errors';
import { schemaErrorsOfMemory } from './schema-validators';
import { schemaIssues } from './schema-issues';
import type { MemoryEntry } from './types';
import { lineAt } from './yaml-locate';

/**
 * Parses a memory.yaml: a list of entries, or a map of categories to lists (the original
 * framework's shape). An empty file is an empty memory. Pure; `file` is workspace-relative.
 */
export function parseMemoryFile(text: string, file: string): { entries: MemoryEntry[]; issues: Issue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return { entries: [], issues: doc.errors.map((e) => ({ file, line: lineAt(lineCounter, e.pos[0]), message: `malformed YAML: ${e.message}` })) };
  }
  const data = doc.toJS() as unknown;
  const root = doc.contents as Node | null;
  const issues = schemaIssues(schemaErrorsOfMemory(data), { file, root, lineCounter });
  if (issues.length > 0) return { entries: [], issues: issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
  const entries: MemoryEntry[] = [];
  if (isSeq(root)) entries.push(...(data as RawEntry[]).map((raw) => toEntry(raw, null, file)));
  else if (isMap(root)) {
    for (const [category, list] of Object.entries((data ?? {}) as Record<string, RawEntry[] | null>)) {
      entries.push(...(list ?? []).map((raw) => toEntry(raw, category, file)));
    }
  } else if (isScalar(root) && root.value !== null) {
    return { entries: [], issues: [{ file, line: 1, message: 'expected a list of entries or a map of categories to lists' }] };
  }
  return { entries, issues: [] };
}

type RawEntry = { path: string; description?: string; tags?: string | string[]; file_type?: string; pod_owner?: string; repo?: string; ref?: string };

function toEntry(raw: RawEntry, category: string | null, source: string): MemoryEntry {
  return {
    path: raw.path,
    description: raw.description ?? null,
    tags: raw.tags === undefined ? [] : Array.isArray(raw.tags) ? raw.tags : raw.tags.split(',').map((t) => t.trim()).filter(Boolean),
    fileType: raw.file_type ?? null,
    podOwner: raw.pod_owner ?? null,
    category,
    repo: raw.repo ?? null,
    ref: raw.ref ?? null,
    source,
  };
}
