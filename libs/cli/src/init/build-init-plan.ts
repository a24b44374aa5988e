import { DEFAULT_CONFIG, PLUGIN_NAME, UserError, findPluginEntry } from '@taskpod/core';
import {
  EXAMPLE_PROMPT,
  EXAMPLE_PROMPT_FILE,
  EXAMPLE_TASK,
  EXAMPLE_TASK_FILE,
  GITATTRIBUTES_HEADER,
  GITATTRIBUTES_LINES,
  GITIGNORE_HEADER,
  GITIGNORE_LINES,
  MEMORY_FILE,
  MEMORY_INDEX,
  MEMORY_NOTE,
  MEMORY_NOTE_FILE,
  WORKFLOW,
  WORKFLOW_FILE,
} from './init-files';
import { MATRIX_WORKFLOW_FILE, matrixWorkflow } from './matrix-workflow';

/** The files init reads (and may write), workspace-relative. */
export const INIT_FILES = [
  'package.json',
  'nx.json',
  '.gitignore',
  '.gitattributes',
  EXAMPLE_TASK_FILE,
  EXAMPLE_PROMPT_FILE,
  MEMORY_FILE,
  MEMORY_NOTE_FILE,
  WORKFLOW_FILE,
  MATRIX_WORKFLOW_FILE,
] as const;

/** What init knows about the repository before it writes anything. */
export interface InitInput {
  /** Contents of each of INIT_FILES that exists. */
  files: Partial<Record<(typeof INIT_FILES)[number], string>>;
  /** Whether `task_templates/` exists: the example is only added to a repository without tasks. */
  hasTasksFolder: boolean;
  /** The repository folder's name, for a package.json init creates. */
  folderName: string;
  /** This taskpod's version and the nx versions it works with (its package.json). */
  taskpodVersion: string;
  nxRange: string;
  /** Versions installed in the repository's node_modules, when they are. */
  installed: { nx?: string; taskpod?: string };
  /** `--ci-matrix N`: also the workflow of N runners draining the backlog. */
  ciMatrix?: number;
}

export interface InitChange {
  path: string;
  content: string;
  /** `created` or `updated`, as init prints it, with what changed. */
  action: 'created' | 'updated';
  what: string;
}

export interface InitPlan {
  changes: InitChange[];
  /** Things the user has to do next (e.g. install what package.json now names). */
  notes: string[];
}

/**
 * Every change `taskpod init` (and `nx g taskpod:init`) makes, worked out from the files as they
 * are: nothing is overwritten, existing settings and plugins are kept, and a second run finds
 * nothing to do.
 */
export function buildInitPlan(input: InitInput): InitPlan {
  const changes: InitChange[] = [];
  const notes: string[] = [];
  const add = (path: string, before: string | undefined, after: string, what: string) => {
    if (before !== after) changes.push({ path, content: after, action: before === undefined ? 'created' : 'updated', what });
  };
  const pkg = planPackageJson(input);
  if (pkg) {
    add('package.json', input.files['package.json'], pkg.content, pkg.what);
    if (pkg.needsInstall) notes.push("Run `npm install` (or your package manager's install) to install what package.json now names.");
  }
  const nx = planNxJson(input.files['nx.json']);
  add('nx.json', input.files['nx.json'], nx.content, nx.what);
  const gitignore = planGitignore(input.files['.gitignore']);
  add('.gitignore', input.files['.gitignore'], gitignore.content, gitignore.what);
  const attributes = planLines(
    input.files['.gitattributes'],
    GITATTRIBUTES_HEADER,
    GITATTRIBUTES_LINES,
    'merging the records of two clones',
  );
  add('.gitattributes', input.files['.gitattributes'], attributes.content, attributes.what);
  if (!input.hasTasksFolder) {
    addIfAbsent(input, changes, EXAMPLE_TASK_FILE, EXAMPLE_TASK, 'an example task');
    addIfAbsent(input, changes, EXAMPLE_PROMPT_FILE, EXAMPLE_PROMPT, "the example task's prompt template");
  }
  if (input.files[MEMORY_FILE] === undefined) {
    addIfAbsent(input, changes, MEMORY_FILE, MEMORY_INDEX, 'the memory index');
    addIfAbsent(input, changes, MEMORY_NOTE_FILE, MEMORY_NOTE, 'a memory file to describe the project in');
  }
  addIfAbsent(input, changes, WORKFLOW_FILE, WORKFLOW, 'CI: affected tasks on push, records committed back');
  if (input.ciMatrix !== undefined) {
    const matrix = matrixWorkflow(input.ciMatrix);
    const existing = input.files[MATRIX_WORKFLOW_FILE];
    if (existing === undefined)
      addIfAbsent(input, changes, MATRIX_WORKFLOW_FILE, matrix, `CI: ${input.ciMatrix} runners of \`taskpod run --ready\``);
    else if (existing !== matrix)
      notes.push(
        `${MATRIX_WORKFLOW_FILE} exists and init never overwrites it: delete it and run init again to have it written for ${input.ciMatrix} runners.`,
      );
  }
  return { changes, notes };
}

function addIfAbsent(input: InitInput, changes: InitChange[], path: (typeof INIT_FILES)[number], content: string, what: string): void {
  if (input.files[path] === undefined) changes.push({ path, content, action: 'created', what });
}

/** nx and taskpod as devDependencies when the repository does not already name them. */
function planPackageJson(input: InitInput): { content: string; what: string; needsInstall: boolean } | undefined {
  const text = input.files['package.json'];
  const pkg = text === undefined ? { name: input.folderName, private: true } : parseJsonObject(text, 'package.json');
  const named = (dep: string) =>
    ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'].some(
      (k) => typeof (pkg[k] as Record<string, unknown> | undefined)?.[dep] === 'string',
    );
  const wanted: [string, string][] = [];
  // The installed version when there is one (npm installs nx with taskpod, as its peer), so no install is needed.
  if (!named('nx')) wanted.push(['nx', input.installed.nx ? `^${input.installed.nx}` : input.nxRange]);
  if (!named('taskpod')) wanted.push(['taskpod', `^${input.installed.taskpod ?? input.taskpodVersion}`]);
  if (wanted.length === 0 && text !== undefined) return undefined;
  const devDependencies = { ...(pkg.devDependencies as Record<string, string> | undefined) };
  for (const [name, version] of wanted) devDependencies[name] = version;
  const sorted = Object.fromEntries(Object.entries(devDependencies).sort(([a], [b]) => a.localeCompare(b)));
  const content = `${JSON.stringify({ ...pkg, devDependencies: sorted }, null, indentOf(text))}\n`;
  const needsInstall = wanted.some(([name]) => input.installed[name as 'nx' | 'taskpod'] === undefined);
  return {
    content,
    what: wanted.length ? `devDependencies: ${wanted.map(([n, v]) => `${n}@${v}`).join(', ')}` : 'a package.json',
    needsInstall,
  };
}

/** nx.json with the taskpod plugin and `"analytics": false`, every other setting and plugin kept. */
function planNxJson(text: string | undefined): { content: string; what: string } {
  const nxJson = text === undefined ? { $schema: './node_modules/nx/schemas/nx-schema.json' } : parseJsonObject(text, 'nx.json');
  const what: string[] = [];
  // Nx asks about analytics on first use unless this is set; a prompt would block CI and scripts.
  if (!('analytics' in nxJson)) {
    nxJson.analytics = false;
    what.push('"analytics": false');
  }
  if (!findPluginEntry(nxJson)) {
    const plugins = Array.isArray(nxJson.plugins) ? nxJson.plugins : [];
    nxJson.plugins = [...plugins, { plugin: PLUGIN_NAME, options: { tasksGlob: DEFAULT_CONFIG.tasksGlob } }];
    what.push(`the ${PLUGIN_NAME} plugin`);
  }
  if (what.length === 0) return { content: text!, what: '' };
  return { content: `${JSON.stringify(nxJson, null, indentOf(text))}\n`, what: what.join(', ') };
}

/** .gitignore with every line of GITIGNORE_LINES it lacks appended under one header. */
function planGitignore(text: string | undefined): { content: string; what: string } {
  return planLines(text, GITIGNORE_HEADER, GITIGNORE_LINES, 'keeping records tracked and scratch ignored');
}

/** A line-list file (.gitignore, .gitattributes) with every one of `lines` it lacks appended under `headerLine`. */
function planLines(text: string | undefined, headerLine: string, lines: readonly string[], why: string): { content: string; what: string } {
  const present = new Set((text ?? '').split(/\r?\n/).map((line) => line.trim()));
  const missing = lines.filter((line) => !present.has(line));
  if (missing.length === 0) return { content: text!, what: '' };
  const head = text === undefined || text === '' ? '' : text.endsWith('\n') ? `${text}\n` : `${text}\n\n`;
  const header = present.has(headerLine) ? [] : [headerLine];
  return {
    content: `${head}${[...header, ...missing].join('\n')}\n`,
    what: `${missing.length} line${missing.length === 1 ? '' : 's'} ${why}`,
  };
}

function parseJsonObject(text: string, file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `${file} is not valid JSON (comments are not supported by init): ${(error as Error).message}`,
      {
        hint: `Fix it, or add the taskpod plugin to ${file} by hand.`,
      },
      { cause: error },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UserError(`${file} is not a JSON object.`, { received: text.slice(0, 80) });
  return value as Record<string, unknown>;
}

/** The indentation the file already uses (two spaces for a new one). */
function indentOf(text: string | undefined): string {
  return /^[{[]\r?\n([ \t]+)\S/.exec(text ?? '')?.[1] ?? '  ';
}
