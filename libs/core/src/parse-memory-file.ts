import type { LineCounter, Node } from 'yaml';
import type { Issue } from './errors';
import { isPlainMap, loadYamlFast } from './load-yaml-fast';
import { schemaErrorsOfMemory } from './schema-validators';
import { schemaIssues } from './schema-issues';
import type { MemoryEntry } from './types';
import { yamlLib } from './yaml-lib';
import { lineAt } from './yaml-locate';
import { yamlToJsIssue } from './yaml-to-js-issue';

/**
 * Parses a memory.yaml: a list of entries, or a map of categories to lists (the original
 * framework's shape). An empty file is an empty memory. Pure; `file` is workspace-relative.
 */
export function parseMemoryFile(text: string, file: string): { entries: MemoryEntry[]; issues: Issue[] } {
  return parseMemoryFileFast(text, file) ?? parseMemoryFileDocument(text, file);
}

/** A valid file read by js-yaml; undefined for anything the Document path should judge (and word). */
export function parseMemoryFileFast(text: string, file: string): { entries: MemoryEntry[]; issues: Issue[] } | undefined {
  const data = withoutTemplateFlag(loadYamlFast(text)?.value);
  if (data === undefined || (data !== null && typeof data !== 'object') || schemaErrorsOfMemory(data).length > 0) return undefined;
  return { entries: entriesOf(data, file), issues: [] };
}

/** The Document path: slower, but knows every node's line, so it is the one that reports problems. */
export function parseMemoryFileDocument(text: string, file: string): { entries: MemoryEntry[]; issues: Issue[] } {
  const { LineCounter, parseDocument } = yamlLib();
  const lineCounter = new LineCounter();
  // The framework's memory files are read by PyYAML, which keeps the last of two equal keys: so do we, with a warning.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    return {
      entries: [],
      issues: doc.errors.map((e) => ({ file, line: lineAt(lineCounter, e.pos[0]), message: `malformed YAML: ${e.message}` })),
    };
  }
  let data: unknown;
  try {
    data = withoutTemplateFlag(doc.toJS());
  } catch (error) {
    const issue = yamlToJsIssue(error, file);
    if (!issue) throw error;
    return { entries: [], issues: [issue] };
  }
  const root = doc.contents as Node | null;
  const warnings = duplicateKeyWarnings(root, file, lineCounter);
  const issues = schemaIssues(schemaErrorsOfMemory(data), { file, root, lineCounter });
  if (issues.length > 0) return { entries: [], issues: [...issues, ...warnings].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
  // The schema allows only a list, a map or nothing at the top, so valid data is one of those.
  return { entries: entriesOf(data, file), issues: warnings };
}

/** `template: true` at the top of a framework memory file marks it, and is no category. */
function withoutTemplateFlag(data: unknown): unknown {
  if (!isPlainMap(data) || typeof data.template !== 'boolean') return data;
  const { template: _flag, ...rest } = data;
  return rest;
}

/** A warning per key that a later equal key of the same map overrides, at any depth. */
function duplicateKeyWarnings(root: Node | null, file: string, lineCounter: LineCounter): Issue[] {
  const { isScalar, visit } = yamlLib();
  const issues: Issue[] = [];
  if (!root) return issues;
  visit(root, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of [...map.items].reverse()) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        if (seen.has(key)) {
          const line = lineAt(lineCounter, (pair.key as Node).range?.[0] ?? 0);
          issues.push({
            file,
            line,
            field: key,
            severity: 'warning',
            message: 'appears again later in the same map; the later one is kept (as PyYAML does)',
          });
        }
        seen.add(key);
      }
    },
  });
  return issues;
}

/** The entries of valid memory data: a list, or a map of categories to lists (null is none). */
function entriesOf(data: unknown, file: string): MemoryEntry[] {
  if (Array.isArray(data)) return (data as RawEntry[]).map((raw) => toEntry(raw, null, file));
  if (!isPlainMap(data)) return [];
  return Object.entries(data as Record<string, RawEntry[] | null>).flatMap(([category, list]) =>
    (list ?? []).map((raw) => toEntry(raw, category, file)),
  );
}

type RawEntry = {
  path: string;
  description?: string;
  tags?: string | string[];
  file_type?: string;
  pod_owner?: string;
  repo?: string;
  ref?: string;
};

function toEntry(raw: RawEntry, category: string | null, source: string): MemoryEntry {
  return {
    path: raw.path,
    description: raw.description ?? null,
    tags:
      raw.tags === undefined
        ? []
        : Array.isArray(raw.tags)
          ? raw.tags
          : raw.tags
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean),
    fileType: raw.file_type ?? null,
    podOwner: raw.pod_owner ?? null,
    category,
    repo: raw.repo ?? null,
    ref: raw.ref ?? null,
    source,
  };
}
