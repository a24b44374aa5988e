import type { Issue } from './errors';
import { findCyclicComponents, pathWithin } from './find-cycles';
import { REPLY_STORE_DIR } from './paths';
import type { Task } from './types';

/** Ids whose `.patches/<id>/` folder taskpod already uses for something else. */
const RESERVED_IDS = new Set([REPLY_STORE_DIR.slice(REPLY_STORE_DIR.lastIndexOf('/') + 1)]);

/**
 * Checks across task files: duplicate ids (every file named), `depends_on` ids that no task has,
 * dependency cycles printed as a path `a -> b -> a`, and ids reserved by taskpod's own folders.
 * Returns every issue at once.
 */
export function validateTasks(tasks: readonly Task[]): Issue[] {
  const issues: Issue[] = [];
  const byId = new Map<string, Task[]>();
  for (const task of tasks) byId.set(task.id, [...(byId.get(task.id) ?? []), task]);
  for (const [id, same] of byId) {
    if (same.length < 2) continue;
    const places = same.map((t) => `${t.source.file}:${t.source.line}`).join(', ');
    for (const task of same.slice(1)) {
      issues.push({
        file: task.source.file,
        line: task.source.line,
        field: 'id',
        message: `duplicate id \`${id}\`: used by ${same.length} tasks (${places})`,
      });
    }
  }
  for (const task of tasks) {
    if (RESERVED_IDS.has(task.id)) {
      issues.push({
        file: task.source.file,
        line: task.source.line,
        field: 'id',
        message: `id \`${task.id}\` is reserved: .patches/${task.id}/ holds taskpod's reply store`,
      });
    }
    for (const dep of task.dependsOn) {
      if (!byId.has(dep))
        issues.push({
          file: task.source.file,
          line: task.source.line,
          field: 'depends_on',
          message: `\`${task.id}\` depends on unknown task id \`${dep}\``,
        });
    }
  }
  const edges = (id: string) => byId.get(id)?.[0]?.dependsOn.filter((d) => byId.has(d)) ?? [];
  for (const component of findCyclicComponents([...byId.keys()], edges)) {
    const start = component[0]!;
    const members = new Set(component);
    const next = edges(start).find((d) => members.has(d))!;
    const path = next === start ? [start, start] : [start, ...pathWithin(members, edges, next, start)];
    const task = byId.get(start)![0]!;
    issues.push({ file: task.source.file, line: task.source.line, field: 'depends_on', message: `dependency cycle: ${path.join(' -> ')}` });
  }
  return issues;
}
