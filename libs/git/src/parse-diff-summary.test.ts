import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countPatchLines, parseDiffSummary, totalsOf } from './parse-diff-summary';

describe('parseDiffSummary', () => {
  it('joins raw statuses with numstat counts, renames and binaries included', () => {
    const z = [
      ':100644 100644 aaa bbb M',
      'src/a.ts',
      ':100644 100644 ccc ccc R100',
      'old name.txt',
      'new name.txt',
      ':000000 100644 000 ddd A',
      'img.png',
      ':100644 000000 eee 000 D',
      'gone.md',
      '3\t1\tsrc/a.ts',
      '0\t0\t',
      'old name.txt',
      'new name.txt',
      '-\t-\timg.png',
      '0\t4\tgone.md',
      '',
    ].join('\0');
    const files = parseDiffSummary(z);
    assert.deepEqual(files, [
      { path: 'src/a.ts', status: 'modified', insertions: 3, deletions: 1 },
      { path: 'new name.txt', status: 'renamed', insertions: 0, deletions: 0, from: 'old name.txt' },
      { path: 'img.png', status: 'added', insertions: 0, deletions: 0 },
      { path: 'gone.md', status: 'deleted', insertions: 0, deletions: 4 },
    ]);
    assert.deepEqual(totalsOf(files), { files: 4, insertions: 3, deletions: 5 });
  });

  it('is empty for no output and rejects what it does not understand', () => {
    assert.deepEqual(parseDiffSummary(''), []);
    assert.throws(() => parseDiffSummary('garbage\0'), /Unexpected git numstat record/);
  });
});

describe('countPatchLines', () => {
  it('counts like --numstat: hunk lines only, no-newline markers and binary sections as 0', () => {
    const patch = Buffer.from(
      [
        'diff --git a/a.txt b/a.txt',
        'index 1..2 100644',
        '--- a/a.txt',
        '+++ b/a.txt',
        '@@ -1,2 +1,2 @@',
        ' same',
        '-old',
        '\\ No newline at end of file',
        '+new',
        '+--- looks like a header',
        '\\ No newline at end of file',
        'diff --git a/b.png b/b.png',
        'index 3..4 100644',
        'GIT binary patch',
        'literal 5',
        'McmZ?wbhEQ+',
        '',
        'literal 0',
        'HcmV?d00001',
        '',
        'diff --git a/c.md b/c.md',
        'deleted file mode 100644',
        'index 5..0',
        '--- a/c.md',
        '+++ /dev/null',
        '@@ -1 +0,0 @@',
        '-bye',
        '',
      ].join('\n'),
    );
    assert.deepEqual(countPatchLines(patch), [
      { insertions: 2, deletions: 1 },
      { insertions: 0, deletions: 0 },
      { insertions: 0, deletions: 1 },
    ]);
  });
});
