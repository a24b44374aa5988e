import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';
import { taskPaths } from '@taskpod/core';

/**
 * What decides whether Nx may cache a task's `run` at all. Nx hashes only files its walker sees, and
 * the walker skips git-ignored files unless `.nxignore` re-includes them; a live GitHub memory file
 * is not a file at all. A cache hit must never hide something the model would see (docs/promises.md),
 * so such a `run` is left to the reply store, which is keyed by the exact request.
 */
export interface RunCacheSafety {
  /** False when Nx cannot see `.logs/feedback/`: then no `run` is cacheable by Nx. */
  feedbackHashed: boolean;
  /** Memory files holding at least one live (`repo:`) entry: tasks reading them are not cached by Nx. */
  liveMemoryFiles: ReadonlySet<string>;
}

export const SAFE_TO_CACHE: RunCacheSafety = { feedbackHashed: true, liveMemoryFiles: new Set() };

/** Why a task's `run` is not cacheable by Nx, or null when it is. */
export function runUncachedReason(memory: readonly string[], safety: RunCacheSafety): string | null {
  if (!safety.feedbackHashed) return 'its feedback file is git-ignored and .nxignore does not re-include .logs/feedback/';
  if (memory.some((file) => safety.liveMemoryFiles.has(file))) return 'it reads live GitHub memory';
  return null;
}

/**
 * Reads the few files that decide this, once per graph construction: the ignore files on the way to
 * `.logs/feedback/`, and the memory files the tasks name that exist (`yamlFiles`, the YAML files Nx
 * handed the plugin, spares a file-system probe per task).
 */
export function readRunCacheSafety(root: string, memoryFiles: Iterable<string>, yamlFiles: ReadonlySet<string>): RunCacheSafety {
  const liveMemoryFiles = new Set<string>();
  for (const file of new Set(memoryFiles)) {
    if (!yamlFiles.has(file)) continue;
    const text = readIfExists(path.join(root, file));
    if (text !== null && LIVE_ENTRY.test(text)) liveMemoryFiles.add(file);
  }
  return { feedbackHashed: isVisibleToNx(root, taskPaths('x').feedback), liveMemoryFiles };
}

/** A `repo:` key of a memory entry. Over-matching only costs a cache miss the reply store answers. */
const LIVE_ENTRY = /^[\t ]*(?:-[\t ]+)?repo[\t ]*:/m;

/**
 * Whether Nx's file walker sees `rel`, judged from the root `.gitignore` with `.nxignore` after it
 * (its `!` lines re-include what git ignores, as they do for Nx). Nested ignore files are not read:
 * a wrong "visible" there is the only way this errs, and `.logs/` rarely has one.
 */
export function isVisibleToNx(root: string, rel: string): boolean {
  const rules = ['.gitignore', '.nxignore'].map((file) => readIfExists(path.join(root, file)) ?? '');
  return !ignore().add(rules.join('\n')).ignores(rel);
}

function readIfExists(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
