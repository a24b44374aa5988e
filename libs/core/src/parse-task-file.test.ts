import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTaskFile, parseTaskFileDocument } from './parse-task-file';
import { parseTaskFileFast } from './parse-task-file-fast';
import type { Issue } from './errors';

const FILE = 'task_templates/login/task.yaml';
const parse = (text: string) => parseTaskFile(text, FILE);
const errors = (issues: Issue[]) => issues.filter((i) => i.severity !== 'warning');
const only = (text: string) => {
  const { tasks, issues } = parse(text);
  assert.deepEqual(errors(issues), [], JSON.stringify(issues));
  assert.equal(tasks.length, 1);
  return tasks[0]!;
};

describe('parseTaskFile: the original framework shape', () => {
  const ORIGINAL = [
    '# login feature',
    'template: true',
    'tasks:',
    '  "1.2":',
    '    title: Write the login requirements',
    '    pod_owner: DevPod',
    '    phase: Phase 1 - Discovery',
    '    ready: true',
    '    priority: true',
    '    created_at: 2024-01-15T10:00:00Z',
    '    updated_at: 2024-01-16 09:30:00',
    '    feature_id: login',
    '    outputs:',
    '      - docs/<feature_id>/requirements.md',
    '',
  ].join('\n');

  it('reads the single key as the id and normalises every alias and flag', () => {
    const task = only(ORIGINAL);
    assert.equal(task.id, '1.2');
    assert.equal(task.description, 'Write the login requirements');
    assert.equal(task.pod, 'DevPod');
    assert.equal(task.phase, 1);
    assert.equal(task.phaseLabel, 'Phase 1 - Discovery');
    assert.equal(task.status, 'ready');
    assert.equal(task.priority, 'high');
    assert.equal(task.createdAt, '2024-01-15T10:00:00Z');
    assert.equal(task.updatedAt, '2024-01-16 09:30:00');
    assert.deepEqual(task.outputs, ['docs/<feature_id>/requirements.md']);
    assert.deepEqual(task.memory, ['memory/memory.yaml', 'task_templates/login/memory.yaml']);
    assert.deepEqual(task.source, { file: FILE, dir: 'task_templates/login', shape: 'tasks-map', line: 4, template: true });
    assert.equal(task.fields.feature_id, 'login');
    assert.equal(task.fields.pod_owner, 'DevPod');
  });

  it('names `taskpod split FILE` when the map holds several tasks', () => {
    const { tasks, issues } = parse('tasks:\n  a:\n    title: A\n  b:\n    title: B\n');
    assert.equal(tasks.length, 0);
    assert.equal(issues.length, 1);
    assert.equal(issues[0]!.line, 1);
    assert.match(issues[0]!.message, /holds 2 tasks \(a, b\).*taskpod split task_templates\/login\/task\.yaml/);
  });

  it('rejects an id field that differs from the key, and a bad key', () => {
    const differs = parse('tasks:\n  a:\n    id: b\n');
    assert.deepEqual(
      errors(differs.issues).map((i) => [i.line, i.field]),
      [[3, 'id']],
    );
    const bad = parse('tasks:\n  "a b":\n    title: x\n');
    assert.deepEqual(bad.tasks, []);
    assert.deepEqual(
      errors(bad.issues).map((i) => [i.line, i.field]),
      [[2, 'id']],
    );
  });

  it('warns about top-level fields outside the tasks map', () => {
    const { issues } = parse('pod: DevPod\ntasks:\n  a:\n    title: x\n');
    assert.deepEqual(
      issues.map((i) => [i.line, i.field, i.severity]),
      [[1, 'pod', 'warning']],
    );
  });
});

describe('parseTaskFile: normalisation', () => {
  const phaseOf = (phase: string) => only(`id: a\ndescription: x\nphase: ${phase}\n`).phase;

  it('reads numeric phases from numbers, numeric strings and labels', () => {
    assert.equal(phaseOf('2'), 2);
    assert.equal(phaseOf('"2"'), 2);
    assert.equal(phaseOf('Phase 2 - Development'), 2);
    assert.equal(phaseOf('0'), 0);
  });

  it('gives cross-phase work and number-less phases no numeric phase', () => {
    assert.equal(phaseOf('Cross-Phase'), null);
    assert.equal(phaseOf('cross-phase'), null);
    assert.equal(phaseOf('CROSS PHASE'), null);
    assert.equal(phaseOf('Phase 0 - Cross-Phase'), null);
    assert.equal(phaseOf('Discovery'), null);
    assert.equal(only('id: a\ndescription: x\n').phase, null);
  });

  it('derives status from the flags only when status is absent', () => {
    assert.equal(only('id: a\ndescription: x\n').status, 'backlog');
    assert.equal(only('id: a\ndescription: x\nready: true\n').status, 'ready');
    assert.equal(only('id: a\ndescription: x\ndone: true\nready: true\n').status, 'done');
    assert.equal(only('id: a\ndescription: x\nstatus: review\ndone: true\n').status, 'review');
  });

  it('maps priority true to high and defaults to medium', () => {
    assert.equal(only('id: a\ndescription: x\npriority: true\n').priority, 'high');
    assert.equal(only('id: a\ndescription: x\npriority: false\n').priority, 'medium');
    assert.equal(only('id: a\ndescription: x\n').priority, 'medium');
    assert.equal(only('id: a\ndescription: x\npriority: critical\n').priority, 'critical');
  });

  it('keeps dates quoted or not, a date staying a date', () => {
    const task = only('id: a\ndescription: x\ncreated_at: 2024-01-15\nupdated_at: "2024-01-16T08:00:00+02:00"\n');
    assert.equal(task.createdAt, '2024-01-15');
    assert.equal(task.updatedAt, '2024-01-16T08:00:00+02:00');
  });

  it('accepts pod, title, single-string lists and explicit memory', () => {
    const task = only('id: a\ntitle: T\npod: QAPod\ninputs: docs/a.md\ndepends_on: b\nmemory: memory/qa.yaml\nprovider: shell\nmodel: m\n');
    assert.equal(task.description, 'T');
    assert.equal(task.pod, 'QAPod');
    assert.deepEqual(task.inputs, ['docs/a.md']);
    assert.deepEqual(task.dependsOn, ['b']);
    assert.deepEqual(task.memory, ['memory/qa.yaml']);
    assert.equal(task.provider, 'shell');
    assert.equal(task.model, 'm');
    assert.equal(task.source.shape, 'flat');
  });

  it('drops outputs under managed paths with a warning', () => {
    const { tasks, issues } = parse('id: a\ndescription: x\noutputs:\n  - docs/a.md\n  - .patches/a/x\n  - task_templates/b/task.yaml\n');
    assert.deepEqual(tasks[0]!.outputs, ['docs/a.md']);
    assert.deepEqual(
      issues.map((i) => [i.line, i.field, i.severity]),
      [
        [5, 'outputs[1]', 'warning'],
        [6, 'outputs[2]', 'warning'],
      ],
    );
  });

  it('keeps unknown fields as written', () => {
    assert.deepEqual(only('id: a\ndescription: x\nacceptance:\n  - works\n').fields.acceptance, ['works']);
  });
});

describe('parseTaskFile: every problem with its line and field', () => {
  const where = (text: string) => errors(parse(text).issues).map((i) => [i.line, i.field ?? null, i.message]);

  it('reports malformed YAML with its line', () => {
    const [issue] = errors(parse('id: a\ndescription: [x,\nphase: 1\n').issues);
    assert.equal(issue!.file, FILE);
    assert.equal(issue!.line, 3);
    assert.match(issue!.message, /malformed YAML/);
  });

  it('reports a missing id, and a file that is not a map', () => {
    assert.deepEqual(
      where('description: x\n').map((w) => w.slice(0, 2)),
      [[1, 'id']],
    );
    assert.match(String(where('- a\n')[0]![2]), /expected a map/);
  });

  it('reports bad status, priority, phase and date values all at once', () => {
    const found = where(
      [
        'id: a',
        'description: x',
        'status: someday',
        'priority: urgent',
        'phase: [1]',
        'created_at: yesterday',
        'updated_at: 2024-02-30',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      found.map((w) => w.slice(0, 2)),
      [
        [3, 'status'],
        [4, 'priority'],
        [5, 'phase'],
        [6, 'created_at'],
        [7, 'updated_at'],
      ],
    );
    assert.match(String(found[0]![2]), /must be one of backlog, pending, ready.*got `someday`/);
    assert.match(String(found[3]![2]), /ISO 8601.*`yesterday`/);
    assert.match(String(found[4]![2]), /not a real date/);
  });

  it('reports a negative or fractional phase', () => {
    assert.deepEqual(
      where('id: a\ndescription: x\nphase: -1\n').map((w) => w.slice(0, 2)),
      [[3, 'phase']],
    );
    assert.deepEqual(
      where('id: a\ndescription: x\nphase: 1.5\n').map((w) => w.slice(0, 2)),
      [[3, 'phase']],
    );
  });

  it('reports output globs that leave the workspace', () => {
    const found = where('id: a\ndescription: x\noutputs:\n  - docs/*.md\n  - ../other/x.md\n  - /etc/passwd\n');
    assert.deepEqual(
      found.map((w) => w.slice(0, 2)),
      [
        [5, 'outputs[1]'],
        [6, 'outputs[2]'],
      ],
    );
  });

  it('reports bad ids in the id and depends_on fields', () => {
    assert.deepEqual(
      where('id: a/b\ndescription: x\n').map((w) => w.slice(0, 2)),
      [[1, 'id']],
    );
    assert.deepEqual(
      where('id: a\ndescription: x\ndepends_on:\n  - b\n  - c d\n').map((w) => w.slice(0, 2)),
      [[5, 'depends_on[1]']],
    );
  });

  it('rejects ids that break the id rule (docs/file-formats.md, task.yaml) (path segments, options, bad branch names) in both shapes, on both parse paths', () => {
    for (const id of ['..', '.', '--help', 'a..b', 'a.lock', '.hidden', 'x.']) {
      const texts: [string, number][] = [
        [`description: x\nid: ${id}\n`, 2],
        [`description: x\nid: "${id}"\n`, 2],
        [`tasks:\n  # c\n  "${id}":\n    title: x\n`, 3],
      ];
      for (const [text, line] of texts) {
        assert.equal(parseTaskFileFast(text, FILE), undefined, text);
        const result = parse(text);
        assert.deepEqual(result, parseTaskFileDocument(text, FILE), text);
        assert.deepEqual(result.tasks, [], text);
        assert.deepEqual(
          errors(result.issues).map((i) => [i.file, i.line, i.field]),
          [[FILE, line, 'id']],
          text,
        );
      }
    }
    assert.match(String(where('id: --help\ndescription: x\n')[0]![2]), /must not start with `-` .*got `--help`/);
    assert.match(
      String(where('tasks:\n  "a..b":\n    title: x\n')[0]![2]),
      /`tasks:` key is not a valid id: it must not contain `\.\.`; got `a\.\.b`/,
    );
    assert.match(String(where('id: a\ndescription: x\ndepends_on: [x.lock]\n')[0]![2]), /must not end in `\.lock`/);
  });

  it('names the file of an alias bomb or an alias without anchor instead of throwing', () => {
    const levels = ['id: bomb', 'a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const bomb = parse(`${levels.join('\n')}\n`);
    assert.deepEqual(bomb.tasks, []);
    assert.deepEqual(
      bomb.issues.map((i) => i.file),
      [FILE],
    );
    assert.match(bomb.issues[0]!.message, /aliases .* expand to too many nodes, as an alias bomb does/);
    const unresolved = parse('id: a\ndescription: *nowhere\n');
    assert.deepEqual(
      unresolved.issues.map((i) => [i.file, i.message]),
      [[FILE, 'malformed YAML: Unresolved alias (the anchor must be set before the alias): nowhere']],
    );
  });
});
