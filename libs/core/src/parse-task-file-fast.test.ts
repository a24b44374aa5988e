import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseTaskFile, parseTaskFileDocument } from './parse-task-file';
import fc from 'fast-check';
import { parseTaskFileFast } from './parse-task-file-fast';
import { validateTaskId } from './validate-task-id';

const REPO = path.resolve(__dirname, '../../..');
const FILE = 'task_templates/login/task.yaml';
const BASE = 'description: x\n';

/** Every task.yaml of the sample backlog. */
function sampleBacklog(): string[] {
  const dir = path.join(REPO, 'task_templates');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /(^|\/)task\.ya?ml$/.test(f))
    .map((f) => readFileSync(path.join(dir, f), 'utf8'));
}

/** The one-line YAML literals ('id: a\n...') of core's other tests, so every fixture they parse is compared too. */
function coreTestFixtures(): string[] {
  const src = path.join(REPO, 'libs/core/src');
  const found: string[] = [];
  for (const name of readdirSync(src).filter((f) => f.endsWith('.test.ts') && f !== 'parse-task-file-fast.test.ts')) {
    for (const m of readFileSync(path.join(src, name), 'utf8').matchAll(/'((?:[^'\\\n]|\\.)*\\n(?:[^'\\\n]|\\.)*)'/g)) {
      found.push(JSON.parse(`"${m[1]!.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string);
    }
  }
  return found;
}

const ORIGINAL =
  'template: true\ntasks:\n  "1.2":\n    title: T\n    ready: true\n    priority: true\n    created_at: 2024-01-15T10:00:00Z\n    updated_at: 2024-01-16 09:30:00\n';

/** Inputs chosen where the two parsers could part: scalars, shapes, layout, and YAML they read differently. */
const CASES: string[] = [
  '',
  '\n',
  '# only a comment\n',
  '---\n',
  'id: a\n',
  `id: a\n${BASE}`,
  ORIGINAL,
  `id: 1.10\n${BASE}`,
  `id: "1.10"\n${BASE}`,
  `id: 007\n${BASE}`,
  `id: 12\n${BASE}`,
  `id: 0x1F\n${BASE}`,
  `id: true\n${BASE}`,
  `id: null\n${BASE}`,
  `id: 'a'   # quoted, commented\n${BASE}`,
  `id:\n  a\n${BASE}`,
  `id: &x a\n${BASE}`,
  `  id: a\n  description: x\n`,
  `{id: a, description: x}\n`,
  `tasks:\n  1.10:\n    title: x\n`,
  `tasks:\n  "1.10":\n    title: x\n`,
  `tasks:\n  7:\n    title: x\n`,
  `tasks: # c\n\n  # c\n  a: # c\n    title: x\n`,
  `tasks:\n  a: {title: x}\n`,
  `tasks: {a: {title: x}}\n`,
  `tasks:\n  a:\n    id: a\n    title: x\n`,
  `tasks:\n  a:\n    id: b\n`,
  `template: true\ntasks:\n  a:\n    title: x\n`,
  `pod: DevPod\ntasks:\n  a:\n    title: x\n`,
  `tasks:\n  a:\n    title: x\n  b:\n    title: y\n`,
  `tasks:\n`,
  `tasks: []\n`,
  `tasks:\n  a:\n`,
  ...[
    '2',
    '"2"',
    '1.5',
    '-1',
    '0',
    '.inf',
    '.nan',
    '1e3',
    '+3',
    '0o17',
    'Phase 2 - x',
    'Cross-Phase',
    '~',
    'null',
    'Null',
    'true',
    'False',
    '[1]',
  ].map((p) => `id: a\n${BASE}phase: ${p}\n`),
  ...['true', 'True', 'TRUE', 'false', 'yes', 'no', 'on', 'high', '"true"', 'y'].map(
    (p) => `id: a\n${BASE}priority: ${p}\nready: ${p}\ndone: ${p}\n`,
  ),
  ...[
    '2025-01-06T09:00:00Z',
    '"2025-01-06T09:00:00Z"',
    '2025-01-06',
    "'2025-01-06'",
    '2024-01-16 09:30:00',
    '2024-01-16t09:30:00.5+02:00',
    '2024-02-30',
    '2024-02-29',
    '2023-02-29',
    '25:00',
    '2024-01-01T25:00:00Z',
    '1737000000',
    'yesterday',
    '~',
  ].map((d) => `id: a\n${BASE}created_at: ${d}\nupdated_at: ${d}\n`),
  `id: a\ndescription: |\n  line one\n\n  line two\n\nstatus: ready\n`,
  `id: a\ndescription: >-\n  folded\n  text\n\n  para\n`,
  `id: a\ndescription: |+\n  keep\n\n`,
  `id: a\ndescription: plain\n  continued\n  over lines\n`,
  `id: a\ndescription: "double\n  quoted \\u00e9 \\t x"\n`,
  `id: a\ndescription: 'single ''q''\n  more'\n`,
  `id: a\ndescription: x # trailing\n# full line\nnotes: a#b\n`,
  `id: a\ndescription: "x"#no space\n`,
  `id: a\n${BASE}extra: &e\n  k: v\nmore: *e\nlist: [*e, *e]\n`,
  `id: a\n${BASE}base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n`,
  `id: &i a\ndescription: *i\n`,
  `id: a\n${BASE}id: b\n`,
  `id: a\n${BASE}description: y\n`,
  `id: a\n${BASE}m:\n  k: 1\n  k: 2\n`,
  `id: a\n${BASE}m: {k: 1, k: 2}\n`,
  `id: a\n${BASE}1: one\n"1": uno\n`,
  `id: a\n${BASE}\tphase: 1\n`,
  `id: a\n${BASE}tabbed:\t1\n`,
  `id: a\ndescription: "a\tb"\n`,
  `\ufeffid: a\n${BASE}`,
  `id: a\r\ndescription: x\r\noutputs:\r\n  - docs/a.md\r\n`,
  `tasks:\r\n  a:\r\n    title: x\r\n`,
  `id: a\r\ndescription: |\r\n  one\r\n  two\r\n`,
  `\ufeffid: a\r\ndescription: x\r\n`,
  `id: a\n${BASE}~: nullkey\n`,
  `id: a\n${BASE}null: nullkey\n`,
  `id: a\n${BASE}? complex\n: key\n`,
  `id: a\n${BASE}[a, b]: flowkey\n`,
  `id: a\n${BASE}__proto__: {x: 1}\n`,
  `id: a\n${BASE}s: !!str 12\n`,
  `id: a\n${BASE}b: !!binary aGk=\n`,
  `id: a\n${BASE}t: !custom x\n`,
  `%YAML 1.1\n---\nid: a\n${BASE}`,
  `%YAML 1.2\n---\nid: a\n${BASE}`,
  `id: a\n${BASE}---\nid: b\n`,
  `--- \nid: a\n${BASE}...\n`,
  `id: a\n${BASE}deps: [b,\n  c]\n`,
  `id: a\n${BASE}deps: [b,\nc]\n`,
  `id: a\n${BASE}f: {a: 1,\n b: 2}\n`,
  `id: a\n${BASE}k: ${'x'.repeat(1100)}\n`,
  `id: a\n${BASE}${'k'.repeat(1100)}: v\n`,
  `id: a\n${BASE}n: 12345678901234567890\nf: 1.0\ng: -0\nh: .5\ni: 1.\nj: 1_000\nk: 0b101\n`,
  `id: a\n${BASE}inputs: docs/a.md\ndepends_on: [b, b, c]\nmemory: ~\noutputs: []\n`,
  `id: a\n${BASE}outputs:\n  - docs/*.md\n  - ../x\n`,
  `id: a\n${BASE}outputs: [.patches/x]\n`,
  `id: a\n${BASE}prompt: "  "\npod: ""\nprovider: 3\nmodel: null\n`,
  `id: a\ntitle: t\npod_owner: QAPod\n`,
  `id: a\n`,
  `id: a b\n${BASE}`,
  `description: x\n`,
  `- a\n`,
  `just a string\n`,
  `id: a\n${BASE}status: someday\n`,
  `id: a\n${BASE}description: [oops\n`,
  `id: a\n${BASE}key: value: nested\n`,
  `id: a\n${BASE}@bad: x\n`,
  `id: a\n${BASE}x: \`tick\n`,
  `id: a\n${BASE}unicode: "é ☃ \\U0001F600"\nemoji: 😀\n`,
  `id: a\n${BASE}nested:\n  - a: 1\n    b: [1, 2, {c: d}]\n  - - x\n    - y\n`,
];

describe('parseTaskFile: the js-yaml fast path matches the yaml Document path', () => {
  const corpus = [...sampleBacklog(), ...coreTestFixtures(), ...CASES];

  it('gives deep-equal tasks and issues for every input of a varied corpus', () => {
    assert.ok(corpus.length > 150, `corpus of ${corpus.length}`);
    const differ = corpus.filter((text) => {
      const fast = parseTaskFileFast(text, FILE);
      try {
        assert.deepStrictEqual(parseTaskFile(text, FILE), parseTaskFileDocument(text, FILE));
        if (fast) assert.deepStrictEqual(fast, parseTaskFileDocument(text, FILE));
        return false;
      } catch {
        return true;
      }
    });
    assert.deepEqual(differ, []);
  });

  it('takes the fast path for the sample backlog and plain valid tasks, both shapes', () => {
    for (const text of [
      ...sampleBacklog(),
      ORIGINAL,
      `id: a\r\ndescription: x\r\n`,
      `\ufeffid: a\n${BASE}`,
      `tasks: # c\n\n  # c\n  a: # c\n    title: x\n`,
      `id: a\n${BASE}created_at: 2025-01-06T09:00:00Z\nupdated_at: 2025-01-06\nphase: "2"\npriority: true\nready: true\n`,
      `id: a\n${BASE}extra: &e\n  k: v\nmore: *e\ndepends_on: [b, c]\nnotes: |\n  one\n  two\n`,
    ]) {
      assert.ok(parseTaskFileFast(text, FILE), JSON.stringify(text));
    }
  });

  it('falls back for problems and for YAML the two read differently', () => {
    const slow = [
      `id: a\n${BASE}m: {k: 1, k: 2}\n`,
      `id: a\n${BASE}\tphase: 1\n`,
      `id: 1.10\n${BASE}`,
      `id: a\n${BASE}~: nullkey\n`,
      `id: a\n${BASE}status: someday\n`,
      '',
      `id: a\n`,
      `tasks:\n  a:\n    id: b\n`,
    ];
    for (const text of slow) assert.equal(parseTaskFileFast(text, FILE), undefined, JSON.stringify(text));
  });

  it('rejects exactly the ids the Document path rejects, with the same issue (property)', () => {
    const piece = fc.constantFrom('.', '..', '-', '_', 'a', 'Z', '7', '.lock', '/', ' ', '\0', '\uff0e', '\u0430', 'x'.repeat(30));
    const id = fc.oneof(
      fc.array(piece, { maxLength: 6 }).map((parts) => parts.join('')),
      fc.stringMatching(/^[A-Za-z0-9._-]{1,104}$/),
    );
    fc.assert(
      fc.property(id, fc.boolean(), (candidate, tasksMap) => {
        const quoted = JSON.stringify(candidate);
        const text = tasksMap ? `tasks:\n  ${quoted}:\n    title: x\n` : `id: ${quoted}\ndescription: x\n`;
        const result = parseTaskFile(text, FILE);
        assert.deepStrictEqual(result, parseTaskFileDocument(text, FILE));
        const valid = validateTaskId(candidate) === undefined;
        assert.equal(result.tasks.length, valid ? 1 : 0);
        if (!valid)
          assert.deepEqual(
            result.issues.filter((i) => i.field === 'id').map((i) => [i.file, i.line]),
            [[FILE, tasksMap ? 2 : 1]],
          );
      }),
      { numRuns: 1000 },
    );
  });
});
