import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { UserError } from './errors';
import { patchFileNames, taskPaths } from './paths';
import { TASK_ID_PATTERN, validateTaskId } from './validate-task-id';

/** Pieces ids are glued from: the traps (separators, `..`, `.lock`, leading `-`, NUL, look-alikes) and plain parts. */
const PIECES = [
  '.',
  '..',
  '-',
  '--',
  '_',
  '/',
  '\\',
  '.lock',
  'lock',
  '.git',
  'HEAD',
  '@{',
  '@',
  '~',
  '^',
  ':',
  '?',
  '*',
  '[',
  ' ',
  '\t',
  '\n',
  '\0',
  '\x7f',
  'a',
  'Z',
  '9',
  'help',
  'x'.repeat(40),
  '\u2024',
  '\uff0e',
  '\u3002',
  '\u2215',
  '\u2044',
  '\uff0f',
  '\u2010',
  '\u2212',
  '\u00ad',
  '\u200b',
  '\u0430',
  '\u00e9',
  '\u{1f600}',
];
const gluedId = fc.array(fc.constantFrom(...PIECES), { minLength: 0, maxLength: 8 }).map((parts) => parts.join(''));
/** Mostly ids the rule accepts, so the properties about accepted ids are exercised often. */
const anyId = fc.oneof(
  gluedId,
  fc.stringMatching(/^[A-Za-z0-9._-]{1,110}$/),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/),
  fc.string({ maxLength: 12, unit: 'binary' }),
);

describe('validateTaskId: the id rule (docs/file-formats.md, task.yaml)', () => {
  it('rejects every id that once escaped .patches/, reached nx as an option or failed at apply', () => {
    for (const id of [
      '..',
      '.',
      '--help',
      '-p',
      'a..b',
      'a.lock',
      '.hidden',
      'x.',
      '',
      'a/b',
      'a b',
      'a\0b',
      'x'.repeat(101),
      '\uff0e\uff0e',
      'caf\u00e9',
    ]) {
      assert.equal(typeof validateTaskId(id), 'string', JSON.stringify(id));
      assert.throws(() => taskPaths(id), UserError, JSON.stringify(id));
      assert.throws(() => patchFileNames(id, new Date(0)), UserError, JSON.stringify(id));
    }
    for (const id of ['a', '1.2', 'T-01_x', 'a.b.c', 'lock', 'a.locks', 'x'.repeat(100), '0', 'HEAD'])
      assert.equal(validateTaskId(id), undefined, id);
  });

  it('says which part of the rule an id breaks', () => {
    assert.match(validateTaskId('..')!, /must not be `.` or `..`/);
    assert.match(validateTaskId('--help')!, /must not start with `-`/);
    assert.match(validateTaskId('a..b')!, /must not contain `..`/);
    assert.match(validateTaskId('a.lock')!, /must not end in `.lock`/);
    assert.match(validateTaskId('x.')!, /must not end in `.`/);
    assert.match(validateTaskId('.hidden')!, /must start with a letter or a digit/);
    assert.match(validateTaskId('a\0b')!, /"a\\u0000b", which holds U\+0000/);
    assert.match(validateTaskId('x'.repeat(101))!, /at most 100 characters; got 101/);
  });

  it('is the pattern the JSON Schema carries, so editors and the schema issues use the same rule', () => {
    const schema = JSON.parse(readFileSync(path.resolve(__dirname, '../../../schemas/task.schema.json'), 'utf8'));
    assert.equal(schema.definitions.id.pattern, TASK_ID_PATTERN.source);
    assert.equal(schema.definitions.ids.pattern, TASK_ID_PATTERN.source);
  });

  it('agrees with TASK_ID_PATTERN, the form the JSON Schema carries', () => {
    fc.assert(
      fc.property(anyId, (id) => (validateTaskId(id) === undefined) === TASK_ID_PATTERN.test(id)),
      { numRuns: 2000 },
    );
  });

  it('accepts only ids whose .patches folder is a direct child of .patches and that cannot read as an option', () => {
    const root = path.resolve('/workspace/root');
    fc.assert(
      fc.property(anyId, (id) => {
        if (validateTaskId(id) !== undefined) {
          assert.throws(() => taskPaths(id), UserError);
          return;
        }
        assert.ok(!id.startsWith('-'));
        const paths = taskPaths(id);
        const dir = path.resolve(root, paths.dir);
        assert.equal(path.dirname(dir), path.join(root, '.patches'));
        assert.equal(path.basename(dir), id);
        for (const file of [paths.files, paths.run, paths.apply, paths.latestPatch])
          assert.equal(path.dirname(path.resolve(root, file)), dir);
        assert.equal(path.dirname(path.resolve(root, paths.feedback)), path.join(root, '.logs/feedback'));
        assert.equal(path.dirname(path.resolve(root, '.patches', patchFileNames(id, new Date(0)).diff)), path.join(root, '.patches'));
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts only ids git takes as a branch name after taskpod/ (real git, a bounded sample)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(anyId, (id) => {
        if (validateTaskId(id) !== undefined) return;
        accepted++;
        const git = spawnSync('git', ['check-ref-format', '--branch', `taskpod/${id}`], { encoding: 'utf8' });
        assert.equal(git.status, 0, `git refused taskpod/${id}: ${git.stderr}`);
        assert.equal(git.stdout.trim(), `taskpod/${id}`);
      }),
      { numRuns: 200 },
    );
    assert.ok(accepted >= 50, `only ${accepted} of 200 samples were ids; the property says little`);
  });
});
