import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Issue, Task } from '@taskpod/core';
import { writeFileAtomicSync } from '@taskpod/core/atomic-write';

/** What parsing one task file produced; plain JSON so it can live in the cache file. */
export interface ParsedTaskFile {
  tasks: Task[];
  issues: Issue[];
}

/** Kept across graph computations in one process (the daemon), in front of the cache file. */
const memory = new Map<string, ParsedTaskFile>();

/** Bump when the shape of ParsedTaskFile or the parser's output changes, to drop old cache files. */
export const CACHE_VERSION = '2';

/** Key of one file's parse: its path (which lands in Task.source) and a hash of its content. */
export function parseCacheKey(file: string, text: string, statusAliases: Readonly<Record<string, string>> = {}): string {
  // The status words a file may use are part of how it parses.
  const aliases = Object.keys(statusAliases).length ? JSON.stringify(statusAliases) : '';
  return hash('sha1', `${CACHE_VERSION}\0${file}\0${aliases}\0${text}`, 'hex');
}

/**
 * Per-file parse results keyed by content hash, in memory and in a file under Nx's workspace data
 * directory (as Nx's own plugins do), so an unchanged task file is never parsed twice. The file keeps
 * only the entries the last graph computation used, so it cannot grow without bound.
 */
export function openTaskFileCache(cacheFile: string) {
  let disk: Record<string, ParsedTaskFile> | undefined;
  const used: Record<string, ParsedTaskFile> = {};
  let changed = false;
  const diskEntries = () => (disk ??= readCacheFile(cacheFile));
  return {
    get(key: string): ParsedTaskFile | undefined {
      const hit = memory.get(key) ?? diskEntries()[key];
      if (hit) {
        memory.set(key, hit);
        used[key] = hit;
      }
      return hit;
    },
    set(key: string, value: ParsedTaskFile): void {
      memory.set(key, value);
      used[key] = value;
      changed = true;
    },
    /** Writes the cache file when something was parsed (or dropped) in this computation. */
    flush(): void {
      // The daemon's memory keeps only what this computation used, as the file does: no old versions pile up.
      memory.clear();
      for (const [key, value] of Object.entries(used)) memory.set(key, value);
      if (!changed && disk !== undefined && Object.keys(disk).length === Object.keys(used).length) return;
      if (!changed && disk === undefined) return;
      writeCacheFile(cacheFile, used);
    },
  };
}

function readCacheFile(file: string): Record<string, ParsedTaskFile> {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { version?: string; entries?: Record<string, ParsedTaskFile> };
    return data.version === CACHE_VERSION && data.entries ? data.entries : {};
  } catch {
    return {};
  }
}

/** Written atomically, so a concurrent reader never sees half a cache; failures only cost speed. */
function writeCacheFile(file: string, entries: Record<string, ParsedTaskFile>): void {
  try {
    writeFileAtomicSync(file, JSON.stringify({ version: CACHE_VERSION, entries }));
  } catch {
    // A read-only or full disk makes the next graph computation parse again; nothing else breaks.
  }
}
