import { lstatSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { replyExtras } from './reply-contract';
import { MANAGED_PATHS_TEXT, type ModelReply, UserError, isManagedPath, matchesOutputs } from '@taskpod/core';

/** One rejected reply path and why. */
export interface PathProblem {
  path: string;
  reason: string;
}

/**
 * Why a reply path may not be written, or null when it may: it must be a plain workspace-relative
 * path matching the task's outputs, outside `.git/` and taskpod's own files, and must not reach
 * outside the workspace through a symlinked folder that already exists.
 */
export function replyPathProblem(root: string, outputs: readonly string[], rel: string): string | null {
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
  if (!matchesOutputs(outputs, clean)) return `does not match the task's outputs (${outputs.length ? outputs.join(', ') : 'none declared'})`;
  return symlinkProblem(root, segments);
}

/** Walks the existing part of the path: any symlink on it must resolve inside the workspace. */
function symlinkProblem(root: string, segments: string[]): string | null {
  const realRoot = realpathSync(root);
  let current = root;
  for (const segment of segments) {
    current = path.join(current, segment);
    const stat = lstatSync(current, { throwIfNoEntry: false });
    if (!stat) return null;
    if (!stat.isSymbolicLink()) continue;
    let target: string;
    try {
      target = realpathSync(current);
    } catch {
      return `goes through the dangling symlink ${path.relative(root, current)}`;
    }
    const inside = path.relative(realRoot, target);
    if (inside.startsWith('..') || path.isAbsolute(inside)) return `goes through the symlink ${path.relative(root, current)}, which points outside the workspace`;
  }
  return null;
}

/** Every problem in a reply's paths, duplicates included; empty means the reply may be written. */
export function findReplyPathProblems(root: string, outputs: readonly string[], reply: ModelReply): PathProblem[] {
  const problems: PathProblem[] = [];
  const seen = new Set<string>();
  for (const file of reply.files) {
    const reason = replyPathProblem(root, outputs, file.path);
    if (reason) problems.push({ path: file.path, reason });
    else if (seen.has(file.path.replace(/^(\.\/)+/, ''))) problems.push({ path: file.path, reason: 'appears twice in the reply' });
    seen.add(file.path.replace(/^(\.\/)+/, ''));
  }
  return problems;
}

/** Throws one error naming every bad path, so nothing of a bad reply is written; else returns clean paths. */
export function guardReplyPaths(root: string, taskId: string, outputs: readonly string[], reply: ModelReply): ModelReply {
  const problems = findReplyPathProblems(root, outputs, reply);
  if (problems.length > 0) {
    throw new UserError(
      `The reply for task ${taskId} tries to write ${problems.length === 1 ? 'a path' : 'paths'} it may not; nothing was written:\n` +
        problems.map((p) => `  ${JSON.stringify(p.path)} ${p.reason}`).join('\n'),
      { expected: `paths matching the task's outputs inside the workspace`, hint: 'Fix the outputs in the task.yaml or the prompt, then run again with --fresh.' },
    );
  }
  return { summary: reply.summary, files: reply.files.map((f) => ({ path: f.path.replace(/^(\.\/)+/, ''), content: f.content })), ...replyExtras(reply) };
}
