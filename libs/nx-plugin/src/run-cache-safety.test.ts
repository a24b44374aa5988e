import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeTempDir, writeFiles } from '@taskpod/testing';
import { isVisibleToNx, readRunCacheSafety, runUncachedReason } from './run-cache-safety';

const FEEDBACK = '.logs/feedback/A.md';

test('feedback is visible to Nx unless git ignores it and .nxignore does not re-include it', () => {
  const cases: [Record<string, string>, boolean][] = [
    [{}, true],
    [{ '.gitignore': 'node_modules\n' }, true],
    [{ '.gitignore': '.logs/\n' }, false],
    [{ '.gitignore': '.logs/*\n' }, false],
    [{ '.gitignore': '.logs/*\n', '.nxignore': '!.logs/feedback/\n' }, true],
    [{ '.gitignore': '.logs/\n', '.nxignore': '!.logs/\n!.logs/feedback/\n' }, true],
    // git cannot re-include a file inside an excluded folder, and neither can Nx's walker.
    [{ '.gitignore': '.logs/\n', '.nxignore': '!.logs/feedback/\n' }, false],
    [{ '.gitignore': '.logs/*\n!.logs/feedback/\n' }, true],
  ];
  for (const [files, visible] of cases) {
    const { dir, cleanup } = makeTempDir('taskpod-visible-');
    try {
      writeFiles(dir, files);
      assert.equal(isVisibleToNx(dir, FEEDBACK), visible, JSON.stringify(files));
    } finally {
      cleanup();
    }
  }
});

test('memory files with a repo: entry are live; only files Nx listed are read', () => {
  const { dir, cleanup } = makeTempDir('taskpod-live-');
  try {
    writeFiles(dir, {
      'memory/memory.yaml': '- path: docs/a.md\n',
      'memory/live.yaml': 'platform:\n  - path: docs/arch.md\n    repo: acme/platform\n',
      'memory/unlisted.yaml': '- path: x\n  repo: acme/x\n',
    });
    const safety = readRunCacheSafety(
      dir,
      ['memory/memory.yaml', 'memory/live.yaml', 'memory/unlisted.yaml'],
      new Set(['memory/memory.yaml', 'memory/live.yaml']),
    );
    assert.deepEqual([...safety.liveMemoryFiles], ['memory/live.yaml']);
    assert.equal(runUncachedReason(['memory/memory.yaml'], safety), null);
    assert.match(runUncachedReason(['memory/live.yaml'], safety) ?? '', /live GitHub memory/);
  } finally {
    cleanup();
  }
});
