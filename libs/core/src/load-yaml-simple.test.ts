import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { exampleBacklog, frameworkFixture } from '@taskpod/testing';
import fc from 'fast-check';
import { load } from 'js-yaml';
import { loadSimpleYaml } from './load-yaml-simple';
import { YAML_CORE_SCHEMA } from './yaml-core-schema';

/** js-yaml's reading (the reader must equal it whenever it answers), or the error as text. */
function jsYaml(text: string): unknown {
  try {
    return load(text, { schema: YAML_CORE_SCHEMA });
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

function assertSameOrDeclined(text: string): boolean {
  const simple = loadSimpleYaml(text);
  if (simple) assert.deepEqual(simple.value, jsYaml(text), JSON.stringify(text));
  return simple !== undefined;
}

const TASK = `# yaml-language-server: $schema=../../schemas/task.schema.json
id: T12
description: >-
  Implement part 12 of the feature, with tests, and document
  what changed for the next pod.
pod: DevPod
phase: Phase 2 - Work
status: ready
priority: high
created_at: 2025-01-13T10:00:00Z
prompt: prompts/dev.md
memory:
  - memory/memory.yaml
inputs:
  - docs/spec-12.md
outputs:
  - src/part-12/<feature_id>.ts
depends_on: []
`;

/** Where a reader of the common subset could part from js-yaml: scalars, keys, blocks, layout. */
const CASES = [
  TASK,
  `template: true\ntasks:\n  T4:\n    description: x\n    ready: true\n    feature_id: shortlink\n`,
  'a: 1\nb: -2\nc: 0o17\nd: 0x1F\ne: 1.5\nf: .inf\ng: -.Inf\nh: .nan\ni: 1e3\nj: ~\nk: null\nl: Null\nm: TRUE\nn: yes\no: 1_000\np: +7\nq: 08\n',
  '1.10: a\n0x1F: b\ntrue: c\n1e3: e\n',
  'null: d\nNull: e\n',
  // A template literal: parse-task-file-fast.test.ts collects this folder's single-quoted YAML literals.
  `a: x #c\nb: x#c\nc: "q" # c\nd: 'it''s'\ne: "a: b"\nf: '#'\ng: [a, 1, true]\nh: [ ]\ni: {}\nj: [a,]\nk: [a: b]\n`,
  'a: >\n  one\n  two\nb: |\n  one\n  two\nc: |-\n  x\nd: >-\n  y\n\ne: z\n',
  'a: >\n  one\n\n  two\n',
  'a: >\n  one\n    more\n',
  'a: |\n  last line without a break',
  'a: >+\n  x\n',
  'a: >2\n  x\n',
  'a: plain\n  continued\n',
  'a:\n- x\n- y\n',
  'a:\n  - x\n  -   y\n  - "z"\nb:\n',
  'a:\n  - k: v\n',
  'a:\n  - - x\n',
  'a:\n  b:\n    c: 1\n  d: 2\ne: 3\n',
  'a:\n  b: 1\n d: 2\n',
  'a: 1\na: 2\n',
  '__proto__: x\n',
  'a: b: c\n',
  'a: b:\n',
  'a: &x 1\nb: *x\n',
  'a: !!str 1\n',
  '---\na: 1\n',
  'a: 1\n...\n',
  '  a: 1\n',
  '# only a comment\n',
  '',
  'a: x  \nb:   y\n',
  'a: "x"  \n',
  'a: - x\n',
  'a: -x\nb: --\n',
  'a: ?x\nb: :x\n',
  'a: %x\nb: @x\nc: `x`\n',
  'a:\n\n  # a comment\n  b: 1\n',
  'a: >\n  x\n# comment\nb: 1\n',
  'a: >\n  x\n  \nb: 1\n',
  'a: >\n   x\n  y\n',
  'a: "\\n"\n',
  'a: \u00e9\n',
  'a: 1\r\nb: 2\r\n',
];

describe('loadSimpleYaml', () => {
  it('reads a task file as js-yaml does', () => {
    assert.ok(assertSameOrDeclined(TASK));
  });

  it('equals js-yaml or declines, on every YAML file of the sample backlog, the example backlog and the framework fixture', () => {
    const dir = path.resolve(__dirname, '../../../task_templates');
    const sample = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => readFileSync(path.join(dir, f), 'utf8'));
    const fixtures = Object.entries({ ...exampleBacklog(), ...frameworkFixture() })
      .filter(([file]) => /\.ya?ml$/.test(file))
      .map(([, text]) => text);
    const texts = [...sample, ...fixtures];
    const answered = texts.filter(assertSameOrDeclined).length;
    assert.ok(answered >= texts.length / 2, `answered only ${answered} of ${texts.length}`);
  });

  it('declines a key js-yaml names `null` (yaml names it ``), which loadYamlFast would otherwise have to check', () => {
    for (const text of ['null: x\n', 'a:\n  Null: x\n', 'a:\n  NULL: x\n']) assert.equal(loadSimpleYaml(text), undefined, text);
  });

  it('equals js-yaml or declines, on the cases where they could part', () => {
    const answered = CASES.filter(assertSameOrDeclined).length;
    assert.ok(answered >= 10, `answered only ${answered} of ${CASES.length}`);
  });

  it('equals js-yaml or declines, on generated documents (property)', () => {
    const key = fc.constantFrom('a', 'id', 'b_c', '1', '1.10', 'true', 'null', 'T1', 'x.y-z', '0x1F', '-a', '"q"');
    const scalar = fc.constantFrom(
      'x',
      'a b',
      '1',
      '-1',
      '1.5',
      '.inf',
      '~',
      'null',
      'True',
      'no',
      "'q'",
      '"q"',
      "'it''s'",
      'x #c',
      'x#c',
      '[]',
      '[a, 1]',
      '{}',
      'a: b',
      '- x',
      '&a x',
      '*a',
      '',
      '>-',
      '|',
      '>',
      ' x ',
      '#c',
      '[a, ]',
      '2025-01-01T10:00:00Z',
    );
    const line = fc.oneof(
      fc.tuple(fc.constantFrom('', '  ', '    ', ' '), key, scalar).map(([indent, k, v]) => `${indent}${k}:${v === '' ? '' : ` ${v}`}`),
      fc.tuple(fc.constantFrom('', '  ', '    '), scalar).map(([indent, v]) => `${indent}- ${v}`),
      fc.constantFrom('', '# c', '  # c', '  text of a block', '    more', '---'),
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.boolean(), (lines, lastBreak) => {
        assertSameOrDeclined(lines.join('\n') + (lastBreak ? '\n' : ''));
      }),
      { numRuns: 3000 },
    );
  });
});
