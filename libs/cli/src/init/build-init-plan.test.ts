import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildInitPlan, type InitInput } from './build-init-plan';
import { EXAMPLE_TASK_FILE, GITATTRIBUTES_LINES, GITIGNORE_LINES } from './init-files';

const input = (overrides: Partial<InitInput> = {}): InitInput => ({
  files: {},
  hasTasksFolder: false,
  folderName: 'host',
  taskpodVersion: '0.1.0',
  nxRange: '>=22.0.0 <25',
  installed: {},
  ...overrides,
});

/** Applies a plan to the files it was built from, as init writes them. */
function apply(files: InitInput['files'], plan: ReturnType<typeof buildInitPlan>): InitInput['files'] {
  const out: Record<string, string> = { ...files };
  for (const change of plan.changes) out[change.path] = change.content;
  return out;
}

describe('buildInitPlan', () => {
  it('in a bare repository creates every file, nx and taskpod as devDependencies, and says to install', () => {
    const plan = buildInitPlan(input());
    assert.deepEqual(
      plan.changes.map((c) => `${c.action} ${c.path}`),
      [
        'created package.json',
        'created nx.json',
        'created .gitignore',
        'created .gitattributes',
        `created ${EXAMPLE_TASK_FILE}`,
        'created prompts/example.md',
        'created memory/memory.yaml',
        'created memory/project.md',
        'created .github/workflows/taskpod.yml',
      ],
    );
    const pkg = JSON.parse(plan.changes[0]!.content);
    assert.deepEqual(pkg.devDependencies, { nx: '>=22.0.0 <25', taskpod: '^0.1.0' });
    const nxJson = JSON.parse(plan.changes[1]!.content);
    assert.equal(nxJson.analytics, false);
    assert.deepEqual(nxJson.plugins, [{ plugin: 'taskpod/nx-plugin', options: { tasksGlob: 'task_templates/**/task.yaml' } }]);
    assert.match(plan.notes.join('\n'), /npm install/);
  });

  it('keeps existing settings, plugins and analytics choice; names the installed nx; no install needed', () => {
    const nxJson =
      '{\n    "targetDefaults": { "build": { "cache": true } },\n    "analytics": true,\n    "plugins": ["@nx/js/typescript"]\n}\n';
    const pkg = '{\n  "name": "host",\n  "scripts": { "test": "x" }\n}\n';
    const plan = buildInitPlan(input({ files: { 'nx.json': nxJson, 'package.json': pkg }, installed: { nx: '23.3.1', taskpod: '0.1.0' } }));
    const after = apply({ 'nx.json': nxJson, 'package.json': pkg }, plan);
    const nx = JSON.parse(after['nx.json']!);
    assert.deepEqual(nx.targetDefaults, { build: { cache: true } });
    assert.equal(nx.analytics, true);
    assert.deepEqual(nx.plugins, [
      '@nx/js/typescript',
      { plugin: 'taskpod/nx-plugin', options: { tasksGlob: 'task_templates/**/task.yaml' } },
    ]);
    assert.match(after['nx.json']!, /^\{\n {4}"targetDefaults"/, 'the file keeps its indentation');
    assert.deepEqual(JSON.parse(after['package.json']!), {
      name: 'host',
      scripts: { test: 'x' },
      devDependencies: { nx: '^23.3.1', taskpod: '^0.1.0' },
    });
    assert.deepEqual(plan.notes, []);
  });

  it("a second run over the first run's files changes nothing", () => {
    const first = buildInitPlan(input({ files: { '.gitignore': 'dist\n.logs/*\n' } }));
    const files = apply({ '.gitignore': 'dist\n.logs/*\n' }, first);
    const second = buildInitPlan(input({ files, hasTasksFolder: true }));
    assert.deepEqual(second.changes, []);
  });

  it('adds the merge lines to a .gitattributes of the user, and a second plan adds nothing', () => {
    const first = buildInitPlan(input({ files: { '.gitattributes': '*.png binary\n.logs/ledger.jsonl merge=union\n' } }));
    const attributes = first.changes.find((c) => c.path === '.gitattributes')!;
    assert.equal(attributes.action, 'updated');
    assert.ok(attributes.content.startsWith('*.png binary\n'));
    for (const line of GITATTRIBUTES_LINES) assert.equal(attributes.content.split('\n').filter((l) => l === line).length, 1, line);
    const second = buildInitPlan(input({ files: { '.gitattributes': attributes.content } }));
    assert.equal(
      second.changes.find((c) => c.path === '.gitattributes'),
      undefined,
    );
  });

  it("appends only the .gitignore lines that are missing, after the user's own", () => {
    const plan = buildInitPlan(input({ files: { '.gitignore': 'node_modules/\n.logs/*' } }));
    const gitignore = plan.changes.find((c) => c.path === '.gitignore')!;
    assert.equal(gitignore.action, 'updated');
    assert.ok(gitignore.content.startsWith('node_modules/\n.logs/*\n\n# taskpod'));
    assert.equal(gitignore.content.split('\n').filter((l) => l === 'node_modules/').length, 1);
    for (const line of GITIGNORE_LINES) assert.ok(gitignore.content.split('\n').includes(line), line);
  });

  it('adds no example to a repository that already has task_templates/, and never overwrites a file', () => {
    const plan = buildInitPlan(
      input({ hasTasksFolder: true, files: { 'memory/memory.yaml': '[]\n', '.github/workflows/taskpod.yml': 'mine\n' } }),
    );
    const paths = plan.changes.map((c) => c.path);
    assert.ok(
      !paths.some(
        (p) => p.startsWith('task_templates/') || p.startsWith('prompts/') || p.startsWith('memory/') || p.startsWith('.github/'),
      ),
      paths.join(' '),
    );
  });

  it('an nx.json that registers the plugin under its package name is kept as it is', () => {
    const nxJson = '{ "analytics": false, "plugins": ["@taskpod/nx-plugin"] }\n';
    const plan = buildInitPlan(input({ files: { 'nx.json': nxJson } }));
    assert.ok(!plan.changes.some((c) => c.path === 'nx.json'));
  });

  it('an nx.json that is not JSON is an error naming the file', () => {
    assert.throws(() => buildInitPlan(input({ files: { 'nx.json': '{ // comment\n}' } })), /nx\.json is not valid JSON/);
  });
});
