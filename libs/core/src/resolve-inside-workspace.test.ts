import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { makeTempDir, writeFiles } from '@taskpod/testing';
import { UserError } from './errors';
import { resolveInsideWorkspace, workspaceConfinementProblem } from './resolve-inside-workspace';
import { resolveRealPath } from './resolve-real-path';

const SOURCE = { field: 'inputs', file: 'task_templates/T1/task.yaml', line: 3 };

test('resolve: symlinks are followed at every level, dangling ones too, and the missing rest is kept', (t) => {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  const root = realpathSync(dir);
  writeFiles(root, { 'a/b/c.txt': 'c', 'file.txt': 'f' });
  symlinkSync('a/b', path.join(root, 'ab'));
  symlinkSync('ab', path.join(root, 'chain'));
  symlinkSync('a/new', path.join(root, 'dangling'));
  assert.deepEqual(resolveRealPath(path.join(root, 'chain/c.txt')), {
    real: path.join(root, 'a/b/c.txt'),
    existing: path.join(root, 'a/b/c.txt'),
  });
  assert.deepEqual(resolveRealPath(path.join(root, 'chain/x/y')), { real: path.join(root, 'a/b/x/y'), existing: path.join(root, 'a/b') });
  assert.deepEqual(resolveRealPath(path.join(root, 'dangling/z')), { real: path.join(root, 'a/new/z'), existing: path.join(root, 'a') });
  assert.deepEqual(resolveRealPath(path.join(root, 'file.txt/z')), {
    real: path.join(root, 'file.txt/z'),
    existing: path.join(root, 'file.txt'),
  });
});

test('resolve: a path out of the workspace or into .git/ is a UserError naming the field and the file', (t) => {
  const { dir, cleanup } = makeTempDir();
  t.after(cleanup);
  writeFiles(dir, { 'ws/.git/config': '', 'ws/ok.md': '', 'outside/secret.txt': '' });
  const root = path.join(dir, 'ws');
  symlinkSync(path.join(dir, 'outside'), path.join(root, 'out'));
  symlinkSync('.git', path.join(root, 'gitlink'));
  symlinkSync('l2', path.join(root, 'l1'));
  symlinkSync('l1', path.join(root, 'l2'));
  assert.equal(resolveInsideWorkspace(root, 'ok.md', SOURCE), path.join(realpathSync(root), 'ok.md'));
  const refused = (rel: string, why: RegExp) =>
    assert.throws(
      () => resolveInsideWorkspace(root, rel, SOURCE),
      (e: unknown) => e instanceof UserError && why.test(e.message),
      rel,
    );
  refused(
    '../outside/secret.txt',
    /^task_templates\/T1\/task\.yaml:3: inputs: \.\.\/outside\/secret\.txt leaves the workspace \(it resolves to .*outside\/secret\.txt\)/,
  );
  refused(path.join(dir, 'outside/secret.txt'), /leaves the workspace/);
  refused('out/secret.txt', /inputs: out\/secret\.txt leaves the workspace/);
  refused('out/not-yet.txt', /leaves the workspace/);
  refused('gitlink/config', /enters `\.git\/`/);
  refused('.GIT/config', /enters `\.git\/`/);
  refused('l1/x', /cannot be resolved \(ELOOP\)/);
  refused('a\0b', /contains a NUL character/);
  assert.equal(workspaceConfinementProblem('/w', '/w'), null);
  assert.equal(workspaceConfinementProblem('/w', '/w/..x'), null);
  assert.equal(workspaceConfinementProblem('/w', '/wx/a'), 'leaves the workspace');
});

// Property: whatever path and symlink layout, a path resolveInsideWorkspace accepts is the real path
// the file system would open, and it lies inside the workspace and outside .git/; anything else is a
// UserError, never another error.

const LINK_NAMES = ['l1', 'l2', 'src/l3', 'docs/l4'];
const LINK_TARGETS = [
  'OUTSIDE',
  '../outside',
  '../../outside/secret.txt',
  '.git',
  '../.git',
  '.patches',
  'src',
  'missing',
  '..',
  '.',
  'l1',
  'l2',
  '../l1',
  'src/l3',
  '\u2024\u2024',
];
const NAMES = [
  'src',
  'docs',
  'a.ts',
  'config',
  'SRC',
  'outside',
  'secret.txt',
  '\u2024\u2024',
  'a\uFF0Fb',
  ...LINK_NAMES.map((l) => path.posix.basename(l)),
];
const HOSTILE = ['..', '.', '', '.git', '.GIT', 'x\\..\\y'];

/** Mostly plain names and link names, so paths reach the links; hostile segments now and then. */
const segmentArb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) });
const layoutArb = fc.uniqueArray(fc.record({ name: fc.constantFrom(...LINK_NAMES), target: fc.constantFrom(...LINK_TARGETS) }), {
  selector: (l) => l.name,
  maxLength: 4,
});
const relPathArb = fc.oneof(
  fc
    .tuple(fc.constantFrom('', '', '', './', '/', '../'), fc.array(segmentArb, { minLength: 1, maxLength: 5 }))
    .map(([lead, s]) => lead + s.join('/')),
  fc.string({ unit: fc.constantFrom('a', '.', '/', '\\', '\0', '\u2024', '\uFF0F', 'G', 'g', 'i', 't'), maxLength: 12 }),
);

/** A fresh workspace `ws/` beside `outside/`, with the generated links; returns its folders. */
function buildLayout(links: { name: string; target: string }[]) {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'taskpod-prop-')));
  const root = path.join(base, 'ws');
  writeFiles(base, { 'outside/secret.txt': 'secret' });
  writeFiles(root, { '.git/config': '', '.patches/T1/run.json': '{}', 'src/a.ts': 'a', 'docs/x.md': 'x' });
  for (const { name, target } of links) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    symlinkSync(target === 'OUTSIDE' ? path.join(base, 'outside') : target, path.join(root, name));
  }
  return { base, root };
}

test('resolve (property): accepted means the real path opened is inside the workspace and outside .git/', () => {
  fc.assert(
    fc.property(layoutArb, relPathArb, (links, rel) => {
      const { base, root } = buildLayout(links);
      try {
        let real: string;
        try {
          real = resolveInsideWorkspace(root, rel, SOURCE);
        } catch (error) {
          assert.ok(error instanceof UserError, `not a UserError: ${String(error)}`);
          assert.ok(error.message.startsWith(`${SOURCE.file}:${SOURCE.line}: ${SOURCE.field}: `), error.message);
          return;
        }
        assert.equal(workspaceConfinementProblem(root, real), null, `${rel} accepted as ${real}`);
        const lexical = path.join(root, rel);
        if (existsSync(lexical)) assert.equal(realpathSync.native(lexical), real, `${rel}: not the file the system opens`);
        if (existsSync(real)) assert.equal(realpathSync.native(real), real, `${rel}: ${real} is not a real path`);
      } finally {
        rmSync(base, { recursive: true, force: true });
      }
    }),
    { numRuns: 200 },
  );
});
