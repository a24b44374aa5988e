import { existsSync, readdirSync } from 'node:fs';
import * as posix from 'node:path/posix';
import type { Issue } from './errors';
import type { Task } from './types';

/** The few file-system questions the framework's layout needs answered; workspace-relative paths. */
export interface WorkspaceFiles {
  exists(rel: string): boolean;
  /** Names in a folder; none when it does not exist. */
  list(relDir: string): string[];
}

/** The real workspace, answered from disk. */
export function workspaceFiles(root: string): WorkspaceFiles {
  return {
    exists: (rel) => existsSync(`${root}/${rel}`),
    list: (relDir) => {
      try {
        return readdirSync(`${root}/${relDir}`).sort();
      } catch {
        return [];
      }
    },
  };
}

/** Sibling prompt templates in the framework's order of preference. */
const PREFERRED_PROMPTS = ['prompt_template.md', 'prompt_template_simple.md'];

/** The workspace path a task's `instance_of` names, as written (workspace-relative, `./` dropped). */
export function instanceOfPath(task: Task): string | null {
  const raw = task.fields.instance_of;
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  return posix.normalize(raw.trim().replace(/\\/g, '/')).replace(/^\.\//, '');
}

/** The first of prompt_template.md, prompt_template_simple.md, any other prompt_template*, in `dir`. */
export function siblingPromptTemplate(files: WorkspaceFiles, dir: string): string | null {
  const names = files.list(dir);
  const name = PREFERRED_PROMPTS.find((n) => names.includes(n)) ?? names.find((n) => n.startsWith('prompt_template'));
  return name === undefined ? null : dir === '.' ? name : `${dir}/${name}`;
}

/**
 * What a task takes from the template it instantiates (docs/file-formats.md, "The framework's files"): the template's
 * memory.yaml after its own, and, when its `prompt` does not exist, the template's sibling
 * `prompt_template*` (or its own folder's). A framework-shaped task whose prompt exists nowhere gets
 * the built-in template, with a warning. Tasks in taskpod's own shape are returned as they are.
 */
export function applyTaskTemplate(task: Task, files: WorkspaceFiles): { task: Task; issues: Issue[] } {
  const templateFile = instanceOfPath(task);
  if (templateFile === null && !task.source.template) return { task, issues: [] };
  const issues: Issue[] = [];
  const templateDir = templateFile !== null && files.exists(templateFile) ? posix.dirname(templateFile) : null;
  if (templateFile !== null && templateDir === null) {
    issues.push({
      file: task.source.file,
      line: task.source.line,
      field: 'instance_of',
      severity: 'warning',
      message: `names \`${templateFile}\`, which does not exist; the task runs without its template`,
    });
  }
  let { memory, prompt } = task;
  if (templateDir !== null && (task.fields.memory === undefined || task.fields.memory === null)) {
    memory = [...new Set([...memory, `${templateDir}/memory.yaml`])];
  }
  if (prompt === null || !files.exists(prompt)) {
    const sibling =
      [templateDir, task.source.dir].flatMap((dir) => (dir === null ? [] : [siblingPromptTemplate(files, dir)])).find((p) => p !== null) ??
      null;
    // The framework's `prompt:` paths never exist: its sibling template is the expected reading, worth no warning.
    if (prompt !== null && sibling === null) {
      issues.push({
        file: task.source.file,
        line: task.source.line,
        field: 'prompt',
        severity: 'warning',
        message: `\`${prompt}\` does not exist, nor a prompt_template* beside the task or its template; the built-in template is used`,
      });
    }
    prompt = sibling;
  }
  return { task: memory === task.memory && prompt === task.prompt ? task : { ...task, memory, prompt }, issues };
}

/**
 * The framework's backlog read as tasks: a `template: true` task file that some task's `instance_of`
 * names is that task's template, not a second task; each task takes its template's memory and prompt;
 * a `depends_on` naming a template folder (`2.3_QA_feature`) means the task instantiating it, and is
 * an error naming the candidates when several do. Pure but for `files`.
 */
export function resolveFrameworkTasks(
  tasks: readonly Task[],
  files: WorkspaceFiles,
): { tasks: Task[]; issues: Issue[]; templateFiles: Set<string> } {
  const named = new Map<string, Task[]>();
  for (const task of tasks) {
    const file = instanceOfPath(task);
    if (file !== null && !(task.source.template && task.source.file === file)) named.set(file, [...(named.get(file) ?? []), task]);
  }
  if (named.size === 0 && !tasks.some((t) => t.source.template)) return { tasks: [...tasks], issues: [], templateFiles: new Set() };
  const issues: Issue[] = [];
  const templates = tasks.filter((t) => t.source.template && named.has(t.source.file));
  const kept = tasks
    .filter((t) => !(t.source.template && named.has(t.source.file)))
    .map((t) => {
      const applied = applyTaskTemplate(t, files);
      issues.push(...applied.issues);
      return applied.task;
    });
  const ids = new Set(kept.map((t) => t.id));
  // A template folder (or a dropped template's id) stands for the tasks that instantiate it.
  const instancesOf = (name: string): string[] => {
    const found = new Set<string>();
    for (const [file, users] of named) {
      const folder = posix.basename(posix.dirname(file));
      const templateIds = templates.filter((t) => t.source.file === file).map((t) => t.id);
      if (folder === name || templateIds.includes(name)) for (const user of users) found.add(user.id);
    }
    return [...found];
  };
  const resolved = kept.map((task) => {
    if (task.dependsOn.every((dep) => ids.has(dep))) return task;
    const dependsOn = task.dependsOn.flatMap((dep) => {
      if (ids.has(dep)) return [dep];
      const candidates = instancesOf(dep).filter((id) => id !== task.id);
      if (candidates.length === 1) return candidates;
      if (candidates.length > 1) {
        issues.push({
          file: task.source.file,
          line: task.source.line,
          field: 'depends_on',
          message: `\`${dep}\` names a template that ${candidates.length} tasks instantiate (${candidates.join(', ')}); name one of them`,
        });
      }
      return [dep];
    });
    return { ...task, dependsOn: [...new Set(dependsOn)] };
  });
  return { tasks: resolved, issues, templateFiles: new Set(templates.map((t) => t.source.file)) };
}

/** A template that is no task has no warnings worth showing (its outputs are its instance's); its errors stay. */
export function withoutTemplateWarnings<T extends { file?: string; severity?: string }>(
  issues: readonly T[],
  templateFiles: ReadonlySet<string>,
): T[] {
  return templateFiles.size === 0
    ? [...issues]
    : issues.filter((i) => !(i.severity === 'warning' && i.file !== undefined && templateFiles.has(i.file)));
}
