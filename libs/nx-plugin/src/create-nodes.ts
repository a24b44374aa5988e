import * as path from 'node:path';
import type { CreateNodes, CreateNodesResult, CreateNodesResultArray } from '@nx/devkit';
// Not from '@nx/devkit' (the same class): importing the devkit runs git to identify the workspace.
import { AggregateCreateNodesError } from 'nx/src/project-graph/error-types';
import {
  buildConfig,
  compileOutputGlob,
  decodeUtf8,
  formatIssue,
  parseTaskFile,
  resolveFrameworkTasks,
  workspaceFiles,
  type Issue,
  type TaskpodConfig,
} from '@taskpod/core';
import { buildWorkspaceNodes } from './build-workspace-nodes';
import { readFileBytes } from './read-file-bytes';
import { readRunCacheSafety } from './run-cache-safety';
import { openTaskFileCache, parseCacheKey, type ParsedTaskFile } from './task-file-cache';

/** Plugin options: the taskpod settings in nx.json (only tasksGlob, targetNames and phaseBarrier matter here). */
export type TaskpodPluginOptions = Partial<TaskpodConfig>;

/**
 * Nx calls this with every YAML file in the workspace at once (paths only; the glob here is fixed,
 * while `tasksGlob` is an option), and the files matching `tasksGlob` become projects. Graph
 * construction reads and parses task files only: no git, no model, no network.
 */
export const createNodes: CreateNodes<TaskpodPluginOptions> = [
  '**/*.{yaml,yml}',
  // The parse cache is written after Nx has the results: in a plugin worker that overlaps Nx's merge.
  (configFiles, options, context) =>
    createTaskNodes(configFiles, options, context.workspaceRoot, workspaceDataDir(context.workspaceRoot), (flush) => setImmediate(flush)),
];

/**
 * The batched create-nodes function, exported for tests and benches; throws AggregateCreateNodesError
 * on bad files. `writeCache` decides when the parse cache is written (default: before returning).
 */
export function createTaskNodes(
  configFiles: readonly string[],
  options: TaskpodPluginOptions | undefined,
  workspaceRoot: string,
  cacheDir: string,
  writeCache: (flush: () => void) => void = (flush) => flush(),
): CreateNodesResultArray {
  const config = buildConfig(options);
  const inGlob = compileOutputGlob(config.tasksGlob);
  const files = configFiles.filter((file) => inGlob.test(file));
  const cache = openTaskFileCache(path.join(cacheDir, 'taskpod-task-files.json'));
  const parsed: { file: string; result: ParsedTaskFile }[] = [];
  const readErrors: [string, Error][] = [];
  try {
    const under = joinUnder(workspaceRoot);
    const scratch = { buffer: Buffer.allocUnsafe(64 * 1024) };
    for (const file of files) {
      let bytes: Buffer;
      try {
        bytes = readFileBytes(under(file), scratch);
      } catch (error) {
        readErrors.push([file, new Error(`${file}: cannot be read: ${(error as Error).message}`, { cause: error })]);
        continue;
      }
      const { text, issue } = decodeUtf8(bytes, file);
      if (issue) {
        readErrors.push([file, new Error(formatIssue(issue))]);
        continue;
      }
      const key = parseCacheKey(file, text, config.statusAliases);
      let result = cache.get(key);
      if (!result) cache.set(key, (result = parseTaskFile(text, file, { statusAliases: config.statusAliases })));
      parsed.push({ file, result });
    }
  } finally {
    writeCache(() => cache.flush());
  }
  resolveFrameworkFiles(parsed, workspaceRoot);
  const memoryFiles = parsed.flatMap(({ result }) => result.tasks.flatMap((task) => task.memory));
  const safety = readRunCacheSafety(workspaceRoot, memoryFiles, new Set(configFiles));
  const { results, issues } = buildWorkspaceNodes(parsed, config, safety);
  const errors = [...readErrors, ...groupIssuesByFile(issues)];
  if (errors.length > 0) throw new AggregateCreateNodesError(errors, results);
  return results;
}

/**
 * path.join(root, file) for each file, skipping the normalisation a path Nx hands over in normal
 * form (no `.`, `..` or empty segments) does not need: 5,000 task files are joined per graph.
 */
function joinUnder(root: string): (file: string) => string {
  if (path.sep !== '/' || root === '' || root.endsWith('/') || path.normalize(root) !== root) return (file) => path.join(root, file);
  return (file) => (NORMAL_RELATIVE.test(file) ? `${root}/${file}` : path.join(root, file));
}

const NORMAL_RELATIVE = /^(?!\.\.?(?:\/|$))[^/]+(?:\/(?!\.\.?(?:\/|$))[^/]+)*$/;

/**
 * Nx's workspace data directory, computed as nx/src/utils/cache-directory does for a checkout, but
 * without importing that module: at load time it runs git to identify the workspace, and graph
 * construction must not start git.
 */
export function workspaceDataDir(workspaceRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(workspaceRoot, env.NX_WORKSPACE_DATA_DIRECTORY ?? env.NX_PROJECT_GRAPH_CACHE_DIRECTORY ?? '.nx/workspace-data');
}

/**
 * The framework's templates and instances (core's resolveFrameworkTasks) over the per-file results, in
 * place: a template that a task instantiates contributes no project, and its issues go with the task.
 */
function resolveFrameworkFiles(parsed: { file: string; result: ParsedTaskFile }[], workspaceRoot: string): void {
  const before = parsed.flatMap(({ result }) => result.tasks);
  const { tasks, issues } = resolveFrameworkTasks(before, workspaceFiles(workspaceRoot));
  // The usual backlog has no templates: nothing changed, and 5,000 files need no regrouping.
  if (issues.length === 0 && tasks.length === before.length && tasks.every((t, i) => t === before[i])) return;
  const byFile = new Map<string, { tasks: ParsedTaskFile['tasks']; issues: ParsedTaskFile['issues'] }>();
  const of = (file: string) => byFile.get(file) ?? byFile.set(file, { tasks: [], issues: [] }).get(file)!;
  for (const task of tasks) of(task.source.file).tasks.push(task);
  for (const issue of issues) if (issue.file !== undefined) of(issue.file).issues.push(issue);
  for (const entry of parsed) {
    const mine = byFile.get(entry.file) ?? { tasks: [], issues: [] };
    if (
      mine.issues.length > 0 ||
      mine.tasks.length !== entry.result.tasks.length ||
      mine.tasks.some((t, i) => t !== entry.result.tasks[i])
    ) {
      entry.result = { tasks: mine.tasks, issues: [...entry.result.issues, ...mine.issues] };
    }
  }
}

/** One error per file holding every problem of that file, each line `file:line field: message`. */
function groupIssuesByFile(issues: Issue[]): [string, Error][] {
  const byFile = new Map<string, Issue[]>();
  for (const issue of issues) {
    if (issue.severity === 'warning') continue;
    const file = issue.file ?? 'task files';
    const list = byFile.get(file);
    if (list) list.push(issue);
    else byFile.set(file, [issue]);
  }
  return [...byFile].map(([file, list]) => [file, new Error(list.map(formatIssue).join('\n'))]);
}

export type { CreateNodesResult };
