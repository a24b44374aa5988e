import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { isManagedPath, toWorkspacePath, workspaceConfinementProblem } from '@taskpod/core';
import { writeFiles } from '@taskpod/testing';
import { findReplyPathProblems } from './guard-reply-paths';

// Property: whatever the reply path and the symlinks in the workspace, a path the guard accepts,
// once written the way the file system does it (following links), lands inside the workspace,
// outside .git/, on no taskpod-managed path; and nothing outside that area changes.

const OUTPUTS = ['**'];
const LINK_NAMES = ['l1', 'l2', 'docs/l3', 'src/l4'];
const LINK_TARGETS = [
  'OUTSIDE',
  '../outside',
  '../../outside',
  '.git',
  '../.git',
  '.git/hooks',
  '.patches',
  '../.patches',
  'task_templates/T1',
  'task_templates/T1/task.yaml',
  'src',
  'missing',
  '.git/missing',
  '..',
  'l1',
  'l2',
  '../l1',
  'docs/l3',
  'src/l4',
];
const NAMES = [
  'src',
  'docs',
  'a.ts',
  'new.md',
  'hooks',
  'pre-commit',
  'T1',
  'task.yaml',
  'task_templates',
  'outside',
  'SRC',
  '\u2024\u2024',
  'a\uFF0Fb',
  ...LINK_NAMES.map((l) => path.posix.basename(l)),
];
const HOSTILE = ['..', '.', '', '.git', '.GIT', '.patches', 'x\\..\\y', 'n\0ul'];

/** Mostly plain names and link names, so paths reach the links; hostile segments now and then. */
const segmentArb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) });
const layoutArb = fc.uniqueArray(fc.record({ name: fc.constantFrom(...LINK_NAMES), target: fc.constantFrom(...LINK_TARGETS) }), {
  selector: (l) => l.name,
  maxLength: 4,
});
const relPathArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom('', '', '', './', '/', '../'), fc.array(segmentArb, { minLength: 1, maxLength: 5 }))
      .map(([lead, s]) => lead + s.join('/')),
  },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.constantFrom('a', '.', '/', '\\', '\0', '\u2024', '\uFF0F', 'G', 'g', 'i', 't'), maxLength: 12 }),
  },
);

/** Every entry below `dir` (links not followed) with its kind, to see that nothing there changed. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const full = path.join(abs, entry.name);
      out.push(`${path.relative(dir, full)}:${entry.isSymbolicLink() ? 'link' : entry.isDirectory() ? 'dir' : lstatSync(full).size}`);
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out.sort();
}

/** A fresh workspace `ws/` beside `outside/`, with `.git/`, `.patches/`, a task folder and the generated links. */
function buildLayout(links: { name: string; target: string }[]) {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'taskpod-prop-')));
  const root = path.join(base, 'ws');
  writeFiles(base, { 'outside/secret.txt': 'secret' });
  writeFiles(root, {
    '.git/hooks/README': 'h',
    '.patches/T1/run.json': '{}',
    'task_templates/T1/task.yaml': 'id: T1\n',
    'src/a.ts': 'a',
    'docs/x.md': 'x',
  });
  for (const { name, target } of links) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    symlinkSync(target === 'OUTSIDE' ? path.join(base, 'outside') : target, path.join(root, name));
  }
  return { base, root };
}

/** Folders no accepted path may change; task folders too, unless the path itself names one (no symlink). */
const guarded = (root: string, rel: string) => [
  path.join(root, '../outside'),
  path.join(root, '.git'),
  path.join(root, '.patches'),
  ...(rel.replace(/^(\.\/)+/, '').startsWith('task_templates/') ? [] : [path.join(root, 'task_templates')]),
];

test('guard (property): an accepted path, written through whatever links there are, lands only where a reply may write', () => {
  fc.assert(
    fc.property(layoutArb, relPathArb, (links, rel) => {
      const { base, root } = buildLayout(links);
      try {
        if (findReplyPathProblems(root, OUTPUTS, { summary: 's', files: [{ path: rel, content: 'c' }] }).length > 0) return;
        const before = guarded(root, rel).map(snapshot);
        const target = path.join(root, rel);
        try {
          mkdirSync(path.dirname(target), { recursive: true });
          writeFileSync(target, 'written');
        } catch (error) {
          assert.equal(typeof (error as NodeJS.ErrnoException).code, 'string', String(error)); // failed writes are fine if nothing moved
        }
        assert.deepEqual(guarded(root, rel).map(snapshot), before, `${JSON.stringify(rel)} changed a guarded folder`);
        let real: string;
        try {
          real = realpathSync.native(target);
        } catch {
          return;
        }
        assert.equal(workspaceConfinementProblem(root, real), null, `${JSON.stringify(rel)} was written at ${real}`);
        assert.equal(isManagedPath(toWorkspacePath(root, real)), false, `${JSON.stringify(rel)} was written at ${real}`);
      } finally {
        rmSync(base, { recursive: true, force: true });
      }
    }),
    { numRuns: 200 },
  );
});

/** Flips the case of the letters chosen by `mask`. */
const flipCase = (p: string, mask: boolean[]) =>
  [...p].map((ch, i) => (mask[i % mask.length] ? (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()) : ch)).join('');

test('guard (property): two paths that differ only in case are never both accepted', () => {
  const { base, root } = buildLayout([]);
  try {
    const pathArb = fc
      .array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,7}$/), { minLength: 1, maxLength: 4 })
      .map((s) => `docs/${s.join('/')}.md`);
    fc.assert(
      fc.property(pathArb, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (p, mask) => {
        const q = flipCase(p, mask);
        fc.pre(q !== p && findReplyPathProblems(root, OUTPUTS, { summary: 's', files: [{ path: p, content: 'a' }] }).length === 0);
        const problems = findReplyPathProblems(root, OUTPUTS, {
          summary: 's',
          files: [
            { path: p, content: 'a' },
            { path: q, content: 'b' },
          ],
        });
        assert.deepEqual(
          problems.map((x) => x.path),
          [q],
        );
        assert.match(problems[0].reason, /only in case/);
      }),
      { numRuns: 200 },
    );
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
