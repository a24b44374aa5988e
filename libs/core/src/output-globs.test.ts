import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileOutputGlob, matchesOutputs, outputGlobProblem } from './output-globs';
import { outputsMayOverlap } from './outputs-may-overlap';

describe('matchesOutputs', () => {
  it('matches one segment per <placeholder>', () => {
    const globs = ['docs/<feature_id>/spec.md'];
    assert.equal(matchesOutputs(globs, 'docs/login/spec.md'), true);
    assert.equal(matchesOutputs(globs, 'docs/a/b/spec.md'), false);
    assert.equal(matchesOutputs(globs, 'docs//spec.md'), false);
    assert.equal(matchesOutputs(globs, 'docs/login/other.md'), false);
  });

  it('lets a placeholder be part of a segment', () => {
    assert.equal(matchesOutputs(['tests/<feature_id>.test.ts'], 'tests/login.test.ts'), true);
    assert.equal(matchesOutputs(['tests/<feature_id>.test.ts'], 'tests/a/login.test.ts'), false);
  });

  it('gives * and ** their usual meaning, dotfiles included', () => {
    assert.equal(matchesOutputs(['src/*.ts'], 'src/a.ts'), true);
    assert.equal(matchesOutputs(['src/*.ts'], 'src/x/a.ts'), false);
    assert.equal(matchesOutputs(['src/**'], 'src/x/y/a.ts'), true);
    assert.equal(matchesOutputs(['src/**'], 'src/.eslintrc'), true);
    assert.equal(matchesOutputs(['src/**/*.ts'], 'lib/a.ts'), false);
  });

  it('normalises ./ and backslashes and is false for no globs', () => {
    assert.equal(matchesOutputs(['./docs/*.md'], 'docs/a.md'), true);
    assert.equal(matchesOutputs(['docs/*.md'], 'docs\\a.md'), true);
    assert.equal(matchesOutputs([], 'docs/a.md'), false);
  });

  it('compiles once per glob', () => {
    assert.equal(compileOutputGlob('a/*.md'), compileOutputGlob('a/*.md'));
  });
});

describe('outputGlobProblem', () => {
  it('rejects globs that leave the workspace', () => {
    assert.match(outputGlobProblem('../x/*.md')!, /leaves the workspace/);
    assert.match(outputGlobProblem('docs/../../x')!, /leaves the workspace/);
    assert.match(outputGlobProblem('/etc/passwd')!, /absolute/);
    assert.match(outputGlobProblem('C:/x')!, /absolute/);
    assert.equal(outputGlobProblem('docs/**/*.md'), null);
  });
});

describe('outputsMayOverlap', () => {
  const overlap = (a: string, b: string) => outputsMayOverlap(a, b);

  it('finds literal and wildcard overlaps with a real example path', () => {
    assert.deepEqual(overlap('docs/a.md', 'docs/a.md'), { overlap: true, example: 'docs/a.md' });
    assert.deepEqual(overlap('docs/*.md', 'docs/a.md'), { overlap: true, example: 'docs/a.md' });
    const r = overlap('docs/**', 'docs/<feature_id>/spec.md');
    assert.equal(r.overlap, true);
    assert.equal(matchesOutputs(['docs/**'], r.example!), true);
    assert.equal(matchesOutputs(['docs/<feature_id>/spec.md'], r.example!), true);
  });

  it('is symmetric and handles ** on both sides', () => {
    for (const [a, b] of [
      ['src/**/*.ts', 'src/a/b/c.ts'],
      ['**/*.md', 'docs/**'],
      ['**', 'x'],
    ]) {
      const ab = overlap(a!, b!);
      const ba = overlap(b!, a!);
      assert.equal(ab.overlap, true, `${a} vs ${b}`);
      assert.equal(ba.overlap, true, `${b} vs ${a}`);
      assert.equal(matchesOutputs([a!, b!], ab.example!), true);
      assert.ok(compileOutputGlob(a!).test(ab.example!) && compileOutputGlob(b!).test(ab.example!), ab.example);
    }
  });

  it('says no when segments, prefixes or suffixes cannot meet', () => {
    assert.deepEqual(overlap('docs/*.md', 'docs/*.ts'), { overlap: false });
    assert.deepEqual(overlap('docs/a.md', 'src/a.md'), { overlap: false });
    assert.deepEqual(overlap('docs/*.md', 'docs/x/a.md'), { overlap: false });
    assert.deepEqual(overlap('docs/api-*', 'docs/ui-*'), { overlap: false });
    assert.deepEqual(overlap('src/**/*.ts', 'tests/**/*.ts'), { overlap: false });
    assert.deepEqual(overlap('docs/a', 'docs/a/b'), { overlap: false });
  });

  it('stays conservative for patterns it cannot decide exactly', () => {
    assert.equal(overlap('docs/{a,b}.md', 'docs/c.md').overlap, false);
    assert.equal(overlap('docs/{a,b}*.md', 'docs/*x.md').overlap, true);
  });
});
