import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { colorsFor, formatTable } from './format-table';

describe('formatTable', () => {
  it('aligns columns, ignores colour codes in widths and leaves no trailing spaces', () => {
    const colors = colorsFor({ FORCE_COLOR: '1' }, false);
    const text = formatTable(
      ['ID', 'STATE'],
      [
        [colors.green('a'), 'ok'],
        ['long-id', ''],
      ],
    );
    assert.equal(text.replace(/\u001b\[\d+m/g, ''), 'ID       STATE\na        ok\nlong-id');
  });

  it('turns colour off for NO_COLOR, FORCE_COLOR=0 and pipes', () => {
    assert.equal(colorsFor({ NO_COLOR: '1' }, true).red('x'), 'x');
    assert.equal(colorsFor({ FORCE_COLOR: '0' }, true).red('x'), 'x');
    assert.equal(colorsFor({}, false).red('x'), 'x');
    assert.equal(colorsFor({}, true).red('x'), '\u001b[31mx\u001b[39m');
  });
});
