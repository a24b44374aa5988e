import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import {
  MANAGED_PATHS_TEXT,
  PATCHES_DIR,
  type ModelReply,
  type RealPath,
  UserError,
  isManagedPath,
  matchesOutputs,
  resolveRealPath,
  taskPaths,
  toWorkspacePath,
  workspaceConfinementProblem,
} from '@taskpod/core';
import { replyExtras } from './reply-contract';

/** One rejected reply path and why. */
export interface PathProblem {
  path: string;
  reason: string;
}

/** Linux PATH_MAX counts the final NUL; most file systems cap one name at 255 bytes. */
const MAX_PATH_BYTES = 4095;
const MAX_SEGMENT_BYTES = 255;
/** The staging folder's suffix (`.new-<pid>-<ms>`) that run adds to `.patches/<id>/files`. */
const STAGING_SUFFIX = '.new-0000000000-0000000000000';

/**
 * Why a reply path may not be written, or null when it may: it must be a plain workspace-relative
 * path matching the task's outputs, outside `.git/` and taskpod's own files, short enough to write,
 * and where it really leads (symlinks followed) must obey the same rules and not clash with a file.
 */
export function replyPathProblem(root: string, outputs: readonly string[], rel: string, taskId = ''): string | null {
  if (rel.trim() === '') return 'is empty';
  if (rel.includes('\0')) return 'contains a NUL character';
  if (rel.includes('\\')) return 'contains a backslash; use forward slashes';
  if (rel.startsWith('/') || /^[A-Za-z]:/.test(rel) || rel.startsWith('~')) return 'is absolute; paths are relative to the workspace';
  const segments = rel.replace(/^(\.\/)+/, '').split('/');
  if (segments.includes('..')) return 'contains `..` and would leave the workspace';
  if (segments.some((s) => s === '' || s === '.')) return 'has an empty or `.` segment';
  if (segments.some((s) => s.toLowerCase() === '.git')) return 'is inside `.git/`';
  const clean = segments.join('/');
  if (isManagedPath(clean)) return `is a path taskpod manages itself (${MANAGED_PATHS_TEXT})`;
  if (!matchesOutputs(outputs, clean))
    return `does not match the task's outputs (${outputs.length ? outputs.join(', ') : 'none declared'})`;
  const long = segments.find((s) => Buffer.byteLength(s) > MAX_SEGMENT_BYTES);
  if (long !== undefined) return `has a name of ${Buffer.byteLength(long)} bytes; at most ${MAX_SEGMENT_BYTES} can be written`;
  const realRoot = realpathSync.native(root);
  const staged = Buffer.byteLength(path.join(realRoot, `${taskPaths(taskId || 'x').files}${STAGING_SUFFIX}`, clean));
  if (staged > MAX_PATH_BYTES)
    return `is too long: written under ${taskId ? taskPaths(taskId).files : `${PATCHES_DIR}/<id>/files`}/ here it takes ${staged} bytes; at most ${MAX_PATH_BYTES} can be written`;
  return resolvedPathProblem(realRoot, outputs, clean);
}

/**
 * Judges where the path really leads, as creating it would: through any symlink in the workspace,
 * the real location must itself be writable (not outside, in `.git/`, managed, off the outputs or
 * inside a task folder), no existing name may differ from it only in case, and no existing file may
 * stand where a folder is needed, or the reverse.
 */
function resolvedPathProblem(realRoot: string, outputs: readonly string[], clean: string): string | null {
  const lexical = path.join(realRoot, clean);
  let resolved: RealPath;
  try {
    resolved = resolveRealPath(lexical);
  } catch (error) {
    return `cannot be resolved (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  const { real, existing } = resolved;
  if (real !== lexical) {
    const via = `goes through the symlink ${firstSymlink(realRoot, clean)}`;
    const confined = workspaceConfinementProblem(realRoot, real);
    if (confined) return `${via} and so ${confined} (it resolves to ${real})`;
    const realRel = toWorkspacePath(realRoot, real);
    if (isManagedPath(realRel)) return `${via} to ${realRel}, a path taskpod manages itself`;
    if (!matchesOutputs(outputs, realRel)) return `${via} to ${realRel}, which does not match the task's outputs`;
    const folder = taskFolderOf(realRoot, realRel);
    if (folder) return `${via} into the task folder ${folder}`;
  }
  const twin = existingCaseTwin(realRoot, toWorkspacePath(realRoot, real));
  if (twin) return `differs from the existing ${twin} only in case or Unicode form; both cannot be checked out everywhere`;
  if (existing === real) return statSync(real).isDirectory() ? 'is an existing folder; a file cannot replace it' : null;
  if (!statSync(existing).isDirectory()) return `needs ${toWorkspacePath(realRoot, existing)} to be a folder, but it is a file`;
  return null;
}

/** An existing entry on the path whose name differs from the path's only in case or Unicode form, or null. */
function existingCaseTwin(realRoot: string, realRel: string): string | null {
  let dir = '';
  for (const segment of realRel.split('/')) {
    let names: string[];
    try {
      names = readdirSync(path.join(realRoot, dir));
    } catch {
      return null; // this level does not exist yet, so nothing below it does
    }
    if (!names.includes(segment)) {
      const twin = names.find((name) => foldKey(name) === foldKey(segment));
      return twin === undefined ? null : dir ? `${dir}/${twin}` : twin;
    }
    dir = dir ? `${dir}/${segment}` : segment;
  }
  return null;
}

/** The first symlink on a workspace-relative path, for messages. */
function firstSymlink(realRoot: string, clean: string): string {
  const segments = clean.split('/');
  for (let i = 1; i <= segments.length; i++) {
    const rel = segments.slice(0, i).join('/');
    if (lstatSync(path.join(realRoot, rel), { throwIfNoEntry: false })?.isSymbolicLink()) return rel;
  }
  return clean;
}

/** The nearest folder above `realRel` that holds a task.yaml, or null. */
function taskFolderOf(realRoot: string, realRel: string): string | null {
  for (let dir = path.posix.dirname(realRel); dir !== '.'; dir = path.posix.dirname(dir)) {
    if (existsSync(path.join(realRoot, dir, 'task.yaml'))) return dir;
  }
  return existsSync(path.join(realRoot, 'task.yaml')) ? '.' : null;
}

/** Case and Unicode form folded: two paths with the same key are one file on macOS and Windows. */
const foldKey = (p: string) => p.normalize('NFC').toLowerCase();

/**
 * Every problem in a reply's paths: each path's own, then clashes between paths (the same file
 * twice, names that differ only in case, a path that is a file in one entry and a folder in another).
 * Empty means the reply may be written.
 */
export function findReplyPathProblems(root: string, outputs: readonly string[], reply: ModelReply, taskId = ''): PathProblem[] {
  const problems: PathProblem[] = [];
  const byKey = new Map<string, string>();
  for (const file of reply.files) {
    const reason = replyPathProblem(root, outputs, file.path, taskId);
    if (reason) {
      problems.push({ path: file.path, reason });
      continue;
    }
    const clean = file.path.replace(/^(\.\/)+/, '');
    const earlier = byKey.get(foldKey(clean));
    if (earlier === clean) problems.push({ path: file.path, reason: 'appears twice in the reply' });
    else if (earlier !== undefined)
      problems.push({
        path: file.path,
        reason: `differs from ${JSON.stringify(earlier)} only in case or Unicode form; both cannot be written everywhere`,
      });
    else byKey.set(foldKey(clean), clean);
  }
  return [...problems, ...fileFolderClashes(byKey)];
}

/** Paths where one entry writes a file and another needs a folder of the same name. */
function fileFolderClashes(byKey: Map<string, string>): PathProblem[] {
  const problems: PathProblem[] = [];
  for (const [key, clean] of byKey) {
    for (let dir = path.posix.dirname(key); dir !== '.'; dir = path.posix.dirname(dir)) {
      const file = byKey.get(dir);
      if (file !== undefined)
        problems.push({ path: clean, reason: `needs ${JSON.stringify(file)} to be a folder, but the reply also writes it as a file` });
    }
  }
  return problems;
}

/** Throws one error naming every bad path, so nothing of a bad reply is written; else returns clean paths. */
export function guardReplyPaths(root: string, taskId: string, outputs: readonly string[], reply: ModelReply): ModelReply {
  const problems = findReplyPathProblems(root, outputs, reply, taskId);
  if (problems.length > 0) {
    throw new UserError(
      `The reply for task ${taskId} tries to write ${problems.length === 1 ? 'a path' : 'paths'} it may not; nothing was written:\n` +
        problems.map((p) => `  ${JSON.stringify(p.path)} ${p.reason}`).join('\n'),
      {
        expected: `paths matching the task's outputs inside the workspace`,
        hint: 'Fix the outputs in the task.yaml or the prompt, then run again with --fresh.',
      },
    );
  }
  return {
    summary: reply.summary,
    files: reply.files.map((f) => ({ path: f.path.replace(/^(\.\/)+/, ''), content: f.content })),
    ...replyExtras(reply),
  };
}
