import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { makeTempDir } from '@taskpod/testing';
import { findWorkspaceRoot } from './find-workspace-root';
import { colorsFor, formatTable } from './format-table';

describe('formatTable', () => {
  it('aligns columns, ignores colour codes in widths and leaves no trailing spaces', () => {
    const colors = colorsFor({ FORCE_COLOR: '1' }, false);
    const text = formatTable(['ID', 'STATE'], [[colors.green('a'), 'ok'], ['long-id', '']]);
    assert.equal(text.replace(/\u001b\[\d+m/g, ''), 'ID       STATE\na        ok\nlong-id');
  });

  it('turns colour off for NO_COLOR, FORCE_COLOR=0 and pipes', () => {
    assert.equal(colorsFor({ NO_COLOR: '1' }, true).red('x'), 'x');
    assert.equal(colorsFor({ FORCE_COLOR: '0' }, true).red('x'), 'x');
    assert.equal(colorsFor({}, false).red('x'), 'x');
    assert.equal(colorsFor({}, true).red('x'), '\u001b[31mx\u001b[39m');
  });
});

describe('findWorkspaceRoot', () => {
  it('finds the nearest folder upward holding nx.json, else the cwd', (t) => {
    const { dir, cleanup } = makeTempDir();
    t.after(cleanup);
    mkdirSync(path.join(dir, 'ws/a/b'), { recursive: true });
    writeFileSync(path.join(dir, 'ws/nx.json'), '{}');
    assert.equal(findWorkspaceRoot(path.join(dir, 'ws/a/b')), path.join(dir, 'ws'));
    assert.equal(findWorkspaceRoot(path.join(dir, 'ws')), path.join(dir, 'ws'));
    assert.equal(findWorkspaceRoot(dir), dir);
  });
});
