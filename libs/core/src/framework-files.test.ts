import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeTempDir, writeFiles } from '@taskpod/testing';
import { buildConfig } from './config';
import { loadWorkspace } from './load-workspace';
import { parseMemoryFile } from './parse-memory-file';
import { parseTaskFile, parseTaskFileDocument } from './parse-task-file';
import { parseTaskFileFast } from './parse-task-file-fast';

const FILE = 'task_templates/x/task.yaml';
const errorsOf = (issues: { severity?: string }[]) => issues.filter((i) => i.severity !== 'warning');

/** Both parse paths, which must agree wherever the fast one answers. */
function parseBoth(text: string, options = {}) {
  const slow = parseTaskFileDocument(text, FILE, options);
  const fast = parseTaskFileFast(text, FILE, options);
  if (fast) assert.deepStrictEqual(fast, slow, JSON.stringify(text));
  assert.deepStrictEqual(parseTaskFile(text, FILE, options), slow);
  return slow;
}

function workspace(t: { after: (fn: () => void) => void }, files: Record<string, string>): string {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(dir, files);
  return dir;
}

describe("the framework's vocabulary, read natively", () => {
  const cases: [string, string][] = [
    ['status: backlog\nready: true\n', 'ready'],
    ['status: pending\nready: true\n', 'ready'],
    ['status: pending\n', 'pending'],
    ['status: planned\n', 'backlog'],
    ['status: todo\n', 'backlog'],
    ['status: up next\n', 'backlog'],
    ['status: unassigned\nready: true\n', 'ready'],
    ['status: in progress\n', 'in_progress'],
    ['status: in-progress\n', 'in_progress'],
    ['status: doing\n', 'in_progress'],
    ['status: In Progress\n', 'in_progress'],
    ['status: completed\n', 'done'],
    ['status: complete\n', 'done'],
    ['status: closed\n', 'done'],
    ['status: in review\n', 'review'],
    ['status: canceled\n', 'cancelled'],
    ['status: backlog\ndone: true\n', 'done'],
    ['status: ready\n', 'ready'],
    ['status: blocked\nready: true\n', 'blocked'],
  ];
  for (const [body, status] of cases) {
    it(`reads ${JSON.stringify(body)} as ${status}, in both shapes and both parse paths`, () => {
      assert.equal(parseBoth(`id: a\ndescription: x\n${body}`).tasks[0]!.status, status);
      const nested = body
        .split('\n')
        .filter(Boolean)
        .map((l) => `    ${l}`)
        .join('\n');
      assert.equal(parseBoth(`template: true\ntasks:\n  a:\n    description: x\n${nested}\n`).tasks[0]!.status, status);
    });
  }

  it('takes the fast path for framework words, so the common file stays cheap', () => {
    assert.ok(parseTaskFileFast('tasks:\n  a:\n    description: x\n    status: in progress\n    updated_at: null\n', FILE));
  });

  it('adds words from statusAliases, in both parse paths', () => {
    const options = { statusAliases: { WIP: 'in_progress', parked: 'blocked' } };
    assert.equal(parseBoth('id: a\ndescription: x\nstatus: wip\n', options).tasks[0]!.status, 'in_progress');
    assert.equal(parseBoth('tasks:\n  a:\n    description: x\n    status: parked\n', options).tasks[0]!.status, 'blocked');
    assert.throws(() => buildConfig({ statusAliases: { wip: 'busy' } as never }), /statusAliases\.wip.*must name a taskpod status/);
  });

  it('reports an unknown status with file, line and every known word', () => {
    const { tasks, issues } = parseBoth('id: a\ndescription: x\nstatus: someday\n', { statusAliases: { wip: 'in_progress' } });
    assert.deepEqual(tasks.length, 1);
    const [issue] = errorsOf(issues) as { file: string; line: number; field: string; message: string }[];
    assert.equal(issue!.file, FILE);
    assert.equal(issue!.line, 3);
    assert.equal(issue!.field, 'status');
    assert.match(issue!.message, /must be one of backlog, .*in progress.*canceled.*wip.*got `someday`/);
  });

  it('reads updated_at: null and created_at: null as absent', () => {
    const { tasks, issues } = parseBoth('tasks:\n  a:\n    description: x\n    created_at: null\n    updated_at: null\n');
    assert.deepEqual(errorsOf(issues), []);
    assert.equal(tasks[0]!.createdAt, null);
    assert.equal(tasks[0]!.updatedAt, null);
  });

  it('reads template_outputs as outputs when there are none', () => {
    assert.deepEqual(parseBoth('id: a\ndescription: x\ntemplate_outputs:\n  - docs/a.md\n').tasks[0]!.outputs, ['docs/a.md']);
    assert.deepEqual(parseBoth('id: a\ndescription: x\noutputs: [docs/b.md]\ntemplate_outputs: [docs/a.md]\n').tasks[0]!.outputs, [
      'docs/b.md',
    ]);
  });

  it('marks a task file that says template: true', () => {
    assert.equal(parseBoth('template: true\ntasks:\n  a:\n    description: x\n').tasks[0]!.source.template, true);
    assert.equal(parseBoth('id: a\ndescription: x\ntemplate: true\n').tasks[0]!.source.template, true);
    assert.equal(parseBoth('id: a\ndescription: x\n').tasks[0]!.source.template, undefined);
  });

  it('warns about an empty task file, naming it, and reads no task from it', () => {
    for (const text of ['', '\n', '# nothing yet\n', '---\n']) {
      const { tasks, issues } = parseTaskFile(text, FILE);
      assert.deepEqual(tasks, []);
      assert.deepEqual(
        issues.map((i) => [i.file, i.severity]),
        [[FILE, 'warning']],
        JSON.stringify(text),
      );
    }
  });
});

describe("the framework's memory files", () => {
  it('ignores template: true at the top of a map of categories', () => {
    const { entries, issues } = parseMemoryFile(
      'template: true\n\ngoals:\n  - path: docs/goals.md\n    repo: acme/app\n    raw_url: https://example.invalid/x\n',
      'm.yaml',
    );
    assert.deepEqual(issues, []);
    assert.deepEqual(
      entries.map((e) => [e.category, e.path, e.repo]),
      [['goals', 'docs/goals.md', 'acme/app']],
    );
  });

  it('keeps the last of two equal keys, as PyYAML does, with a warning naming the line', () => {
    const { entries, issues } = parseMemoryFile('template: true\ngoals:\n  - path: docs/old.md\ngoals:\n  - path: docs/new.md\n', 'm.yaml');
    assert.deepEqual(
      entries.map((e) => e.path),
      ['docs/new.md'],
    );
    assert.deepEqual(
      issues.map((i) => [i.file, i.line, i.field, i.severity]),
      [['m.yaml', 2, 'goals', 'warning']],
    );
  });
});

describe('instance_of: a template and the task that instantiates it', () => {
  const template = (id: string) =>
    `template: true\n\ntasks:\n  ${id}:\n    description: template of ${id}\n    status: pending\n    prompt: prompts/missing.txt\n    outputs: [docs/${id}.md]\n`;
  const instance = (id: string, tpl: string, extra = '') =>
    `tasks:\n  ${id}:\n    description: do ${id}\n    phase: Phase 1 - Discovery\n    status: backlog\n    ready: true\n    prompt: prompts/dev/${id}.txt\n    outputs: [docs/${id}.md]\n    instance_of: task_templates/P1/${tpl}/task.yaml\n${extra}`;

  it('reads the template as no task, with no duplicate-id error, and gives its memory and prompt to the task', async (t) => {
    const root = workspace(t, {
      'task_templates/P1/1.1_goals/task.yaml': template('1.1_goals'),
      'task_templates/P1/1.1_goals/memory.yaml': 'template: true\ngoals:\n  - path: docs/goals.md\n',
      'task_templates/P1/1.1_goals/prompt_template_complex.md': 'complex',
      'task_templates/P1/1.1_goals/prompt_template_simple.md': 'simple',
      'task_templates/backlog/1.1_goals/task.yaml': instance('1.1_goals', '1.1_goals'),
      'task_templates/P1/lonely/task.yaml': template('lonely'),
    });
    const { tasks, issues } = await loadWorkspace(root, buildConfig(undefined));
    assert.deepEqual(errorsOf(issues), []);
    assert.deepEqual(tasks.map((x) => x.id).sort(), ['1.1_goals', 'lonely']);
    const task = tasks.find((x) => x.id === '1.1_goals')!;
    assert.equal(task.source.file, 'task_templates/backlog/1.1_goals/task.yaml');
    assert.equal(task.status, 'ready');
    assert.equal(task.prompt, 'task_templates/P1/1.1_goals/prompt_template_simple.md');
    assert.deepEqual(task.memory, [
      'memory/memory.yaml',
      'task_templates/backlog/1.1_goals/memory.yaml',
      'task_templates/P1/1.1_goals/memory.yaml',
    ]);
    assert.deepEqual(
      issues.filter((i) => i.file !== 'task_templates/P1/lonely/task.yaml'),
      [],
      "the expected reading of the framework's files is worth no warning, nor are the dropped template's own",
    );
  });

  it('prefers prompt_template.md, then prompt_template_simple.md, then any other prompt_template*; an existing prompt stays', async (t) => {
    const root = workspace(t, {
      'task_templates/P1/a/task.yaml': template('a'),
      'task_templates/P1/a/prompt_template.txt': 'txt',
      'task_templates/P1/a/prompt_template.md': 'md',
      'task_templates/P1/b/task.yaml': template('b'),
      'task_templates/P1/b/prompt_template.txt': 'txt',
      'task_templates/P1/c/task.yaml': template('c'),
      'task_templates/backlog/a/task.yaml': instance('a', 'a'),
      'task_templates/backlog/b/task.yaml': instance('b', 'b'),
      'task_templates/backlog/c/task.yaml': instance('c', 'c').replace('prompts/dev/c.txt', 'prompts/c.md'),
      'prompts/c.md': 'mine',
    });
    const { tasks } = await loadWorkspace(root, buildConfig(undefined));
    const prompt = (id: string) => tasks.find((x) => x.id === id)!.prompt;
    assert.equal(prompt('a'), 'task_templates/P1/a/prompt_template.md');
    assert.equal(prompt('b'), 'task_templates/P1/b/prompt_template.txt');
    assert.equal(prompt('c'), 'prompts/c.md');
  });

  it("uses the built-in template, with a warning, when a framework task's prompt exists nowhere", async (t) => {
    const root = workspace(t, { 'task_templates/P1/a/task.yaml': template('a'), 'task_templates/backlog/a/task.yaml': instance('a', 'a') });
    const { tasks, issues } = await loadWorkspace(root, buildConfig(undefined));
    assert.equal(tasks[0]!.prompt, null);
    assert.ok(
      issues.some(
        (i) =>
          i.severity === 'warning' &&
          /does not exist, nor a prompt_template\* beside the task or its template; the built-in template is used/.test(i.message),
      ),
    );
  });

  it('resolves a depends_on naming a template folder to the task instantiating it, or names the candidates', async (t) => {
    const files = {
      'task_templates/P1/2.3_QA_feature/task.yaml': template('2.3_qa_review_feature'),
      'task_templates/backlog/2.3_qa_review_feature/task.yaml': instance('2.3_qa_review_feature', '2.3_QA_feature'),
      'task_templates/backlog/2.4a_fix/task.yaml': instance('2.4a_fix', '2.4a_fix', '    depends_on: ["2.3_QA_feature"]\n'),
    };
    const ok = await loadWorkspace(workspace(t, files), buildConfig(undefined));
    assert.deepEqual(errorsOf(ok.issues), []);
    assert.deepEqual(ok.tasks.find((x) => x.id === '2.4a_fix')!.dependsOn, ['2.3_qa_review_feature']);
    const twice = await loadWorkspace(
      workspace(t, { ...files, 'task_templates/backlog/2.3_again/task.yaml': instance('2.3_again', '2.3_QA_feature') }),
      buildConfig(undefined),
    );
    const issue = errorsOf(twice.issues).find((i) => (i as { field?: string }).field === 'depends_on') as
      | { message: string; file: string }
      | undefined;
    assert.equal(issue?.file, 'task_templates/backlog/2.4a_fix/task.yaml');
    assert.match(issue!.message, /`2\.3_QA_feature` names a template that 2 tasks instantiate \(2\.3_again, 2\.3_qa_review_feature\)/);
  });
});

describe('taskpod owns only what it writes', () => {
  it('lets a task write .logs/deployments/ and metrics/velocity.md, and keeps its own log files', () => {
    const { tasks, issues } = parseBoth(
      'id: a\ndescription: x\noutputs:\n  - .logs/deployments/go_live_log.md\n  - metrics/velocity.md\n  - .logs/trace_log.md\n  - .logs/feedback/a.md\n  - .logs/reasoning/a.md\n  - .logs/handoff/a.md\n  - .logs/ledger.jsonl\n  - metrics/metrics.yaml\n  - task.yaml\n',
    );
    assert.deepEqual(tasks[0]!.outputs, ['.logs/deployments/go_live_log.md', 'metrics/velocity.md']);
    assert.equal(issues.filter((i) => i.severity === 'warning').length, 7);
  });
});
