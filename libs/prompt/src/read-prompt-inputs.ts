import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { type MemoryEntry, type Task, UserError, extractHumanFeedback, resolveInsideWorkspace, taskPaths } from '@taskpod/core';
import type { GitHubMemoryFile, MemoryItem, PromptFile, PromptInputs, UpstreamFile } from './types';

/** Local memory files up to this many characters are inlined; larger ones are listed only. */
export const MEMORY_INLINE_LIMIT = 8000;

const IGNORE = ['.git/**', '**/node_modules/**'];

/**
 * Reads everything a task's prompt is built from: its template, the content of its memory entries
 * (given, already parsed), its inputs, the outputs of the tasks it depends on and its feedback file.
 * Every path is resolved to its real path first and must stay in the workspace, outside `.git/`
 * (resolveInsideWorkspace). Live GitHub memory is fetched by the caller and passed through.
 */
export function readPromptInputs(
  root: string,
  task: Task,
  options: { memory: MemoryEntry[]; github?: GitHubMemoryFile[]; notes?: string[] },
): PromptInputs {
  const notes = [...(options.notes ?? [])];
  return {
    template: task.prompt ? { path: task.prompt, text: readRequired(root, task, 'prompt', task.prompt) } : null,
    memory: options.memory.map((entry) => memoryItem(root, entry)),
    inputs: readInputs(root, task, notes),
    upstream: task.dependsOn.flatMap((dep) => readUpstream(root, task, dep)),
    github: options.github ?? [],
    feedback: readHumanFeedback(root, task),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** Where a task field names a path: the task file and line, for errors. */
const fieldOf = (task: Task, field: string) => ({ field, file: task.source.file, line: task.source.line });

function readRequired(root: string, task: Task, field: string, rel: string): string {
  const real = resolveInsideWorkspace(root, rel, fieldOf(task, field));
  try {
    return readFileSync(real, 'utf8');
  } catch (error) {
    throw new UserError(
      `${task.source.file}:${task.source.line}: ${field}: ${rel} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      {
        expected: `an existing file, relative to the workspace root`,
        received: rel,
      },
      { cause: error },
    );
  }
}

function readOptional(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Binary files are named, not pasted: a model cannot use their bytes. */
function textOf(file: string): string {
  const buffer = readFileSync(file);
  return buffer.includes(0) ? `[binary file, ${buffer.length} bytes, not shown]` : buffer.toString('utf8');
}

function memoryItem(root: string, entry: MemoryEntry): MemoryItem {
  const base = {
    path: entry.path,
    description: entry.description,
    tags: entry.tags,
    category: entry.category,
    repo: entry.repo,
    ref: entry.ref,
  };
  if (entry.repo) return { ...base, content: null };
  // Even a listed-only entry is checked: a memory index naming files outside the workspace is a mistake.
  const file = resolveInsideWorkspace(root, entry.path, { field: 'path', file: entry.source });
  const stat = statSync(file, { throwIfNoEntry: false });
  const small = stat?.isFile() && stat.size <= MEMORY_INLINE_LIMIT;
  return { ...base, content: small ? textOf(file) : null };
}

/** `<feature_id>` stands for one path segment, as in outputs. */
const PLACEHOLDER = /<[^<>/]+>/g;

/**
 * Each input is a file, a folder (all files under it) or a glob (`<name>` matching one segment). One
 * that matches nothing yet is a note, not a failure: the framework's tasks often read what they write.
 */
function readInputs(root: string, task: Task, notes: string[]): PromptFile[] {
  const seen = new Set<string>();
  const files: PromptFile[] = [];
  for (const input of task.inputs) {
    if (path.isAbsolute(input) || input.replace(/\\/g, '/').split('/').includes('..')) {
      throw new UserError(`${task.source.file}:${task.source.line}: inputs: ${input} leaves the workspace.`, {
        expected: 'a path or glob relative to the workspace root, without `..`',
        received: input,
      });
    }
    let matches: string[];
    const pattern = input.replace(PLACEHOLDER, '*');
    if (isDynamicPattern(pattern)) matches = globSync(pattern, { cwd: root, dot: true, onlyFiles: true, ignore: IGNORE });
    else {
      const stat = statSync(resolveInsideWorkspace(root, input, fieldOf(task, 'inputs')), { throwIfNoEntry: false });
      matches = !stat
        ? []
        : stat.isDirectory()
          ? globSync(`${input.replace(/\/+$/, '')}/**`, { cwd: root, dot: true, onlyFiles: true, ignore: IGNORE })
          : [input];
    }
    if (matches.length === 0)
      notes.push(`Input \`${input}\` ${pattern === input && !isDynamicPattern(input) ? 'does not exist yet' : 'matches no file yet'}.`);
    for (const rel of matches.sort()) {
      if (seen.has(rel)) continue;
      seen.add(rel);
      // A glob follows symlinked folders, so each match is checked, not only the pattern.
      files.push({
        path: rel,
        content: textOf(resolveInsideWorkspace(root, rel, { ...fieldOf(task, 'inputs'), field: `inputs (${input})` })),
      });
    }
  }
  return files;
}

/**
 * What a dependency wrote, mirrored under `.patches/<dep>/files/`; none when it has not run. The
 * folder is resolved once; the walk then takes plain files and folders only, never a symlink.
 */
function readUpstream(root: string, task: Task, dep: string): UpstreamFile[] {
  const dir = resolveInsideWorkspace(root, taskPaths(dep).files, fieldOf(task, 'depends_on'));
  const files: UpstreamFile[] = [];
  const walk = (abs: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(abs, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push({ task: dep, path: path.relative(dir, full).split(path.sep).join('/'), content: textOf(full) });
    }
  };
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory()) walk(dir);
  return files;
}

/**
 * Only what a person wrote counts as feedback: the run sections `log` appends must not change the
 * request, or a reopened task would be asked anew (and paid for) with nothing new to say.
 */
function readHumanFeedback(root: string, task: Task): string | null {
  const text = readOptional(
    resolveInsideWorkspace(root, taskPaths(task.id).feedback, { field: 'feedback', file: taskPaths(task.id).feedback }),
  );
  return text === null ? null : extractHumanFeedback(text) || null;
}
