import type { CreateNodesResult, CreateNodesResultArray } from '@nx/devkit';
import type { Issue, Task, TaskpodConfig } from '@taskpod/core';
import { buildPhaseBarriers, type PhaseBarriers } from './build-phase-barriers';
import { buildTaskProject } from './build-task-project';
import type { TaskEdges } from './build-task-targets';
import { buildTaskEdges } from './build-task-edges';
import { SAFE_TO_CACHE, runUncachedReason, type RunCacheSafety } from './run-cache-safety';
import type { ParsedTaskFile } from './task-file-cache';

/**
 * From every parsed task file to Nx's per-file results: checks across files (duplicate ids, unknown
 * `depends_on`, cycles), the edges of each task, and the phase barrier projects. Pure. A file with
 * an error contributes no project; the others still do, so one bad file does not hide the rest.
 */
export function buildWorkspaceNodes(
  parsed: readonly { file: string; result: ParsedTaskFile }[],
  config: TaskpodConfig,
  safety: RunCacheSafety = SAFE_TO_CACHE,
): { results: CreateNodesResultArray; issues: Issue[] } {
  const issues = [...parsed.flatMap(({ result }) => result.issues), ...sharedFolderIssues(parsed)];
  const tasks = parsed.flatMap(({ result }) => result.tasks);
  const { edges, issues: graphIssues } = buildTaskEdges(tasks, config);
  issues.push(...graphIssues);
  const badFiles = new Set(issues.filter((i) => i.severity !== 'warning' && i.file).map((i) => i.file!));
  const good = tasks.filter((task) => !badFiles.has(task.source.file));
  const goodIds = new Set(good.map((task) => task.id));
  const barriers = config.phaseBarrier
    ? buildPhaseBarriers(good, config.targetNames)
    : { projects: [], barrierOf: new Map<string, string>() };
  const byFile = new Map<string, CreateNodesResult>();
  for (const task of good) {
    const found = edges.get(task.id);
    // Edges to a task whose file has errors are dropped here; that file's error fails the command anyway.
    const taskEdges: TaskEdges = {
      dependsOn: (found?.dependsOn ?? []).filter((id) => goodIds.has(id)),
      after: (found?.after ?? []).filter((id) => goodIds.has(id)),
      barrier: barriers.barrierOf.get(task.id) ?? null,
    };
    const result = byFile.get(task.source.file) ?? { projects: {} };
    result.projects![task.source.dir] = buildTaskProject(task, taskEdges, config, runUncachedReason(task.memory, safety));
    byFile.set(task.source.file, result);
  }
  attachBarriers(barriers.projects, good, byFile);
  return { results: [...byFile], issues };
}

/** Each barrier project is reported with the file of the first task of its phase. */
function attachBarriers(projects: PhaseBarriers['projects'], tasks: readonly Task[], byFile: Map<string, CreateNodesResult>): void {
  for (const { phase, project } of projects) {
    const owner = tasks.find((task) => task.phase === phase)!;
    byFile.get(owner.source.file)!.projects![project.root] = project;
  }
}

/** The folder of a task file is its Nx project root, so two task files may not share one. */
function sharedFolderIssues(parsed: readonly { file: string }[]): Issue[] {
  const firstIn = new Map<string, string>();
  const issues: Issue[] = [];
  for (const { file } of parsed) {
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
    const first = firstIn.get(dir);
    if (first === undefined) firstIn.set(dir, file);
    else
      issues.push({
        file,
        line: 1,
        message: `shares its folder with ${first}; each task file needs a folder of its own (the folder is the task's Nx project root)`,
      });
  }
  return issues;
}
