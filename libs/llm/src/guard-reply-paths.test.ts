import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '@taskpod/core';
import { makeTempDir, writeFiles } from '@taskpod/testing';
import { findReplyPathProblems, guardReplyPaths } from './guard-reply-paths';
import { toModelReply } from './reply-contract';

// `real/**` too: a path through the in-workspace link inside-link/ must match the outputs where it lands.
const OUTPUTS = ['docs/<feature>/spec.md', 'src/**', 'real/**', 'linked/**', 'inside-link/**', '.git/**', '.patches/**'];

function workspace(t: { after: (fn: () => void) => void }) {
  const ws = makeTempDir();
  const outside = makeTempDir();
  t.after(() => {
    ws.cleanup();
    outside.cleanup();
  });
  writeFiles(ws.dir, { 'src/a.ts': 'a', 'real/x.txt': 'x' });
  mkdirSync(path.join(outside.dir, 'target'));
  symlinkSync(path.join(outside.dir, 'target'), path.join(ws.dir, 'linked'));
  symlinkSync(path.join(ws.dir, 'real'), path.join(ws.dir, 'inside-link'));
  return ws.dir;
}

const reply = (...paths: string[]) => ({ summary: 's', files: paths.map((p) => ({ path: p, content: 'c' })) });

test('guard: paths matching the outputs inside the workspace pass, `./` dropped', (t) => {
  const root = workspace(t);
  const out = guardReplyPaths(root, 'T1', OUTPUTS, reply('docs/login/spec.md', './src/new/b.ts', 'inside-link/y.txt'));
  assert.deepEqual(
    out.files.map((f) => f.path),
    ['docs/login/spec.md', 'src/new/b.ts', 'inside-link/y.txt'],
  );
});

test('guard: hostile paths are each rejected with the reason', (t) => {
  const root = workspace(t);
  const cases: [string, RegExp][] = [
    ['../x', /`\.\.`/],
    ['src/../../x', /`\.\.`/],
    ['/etc/x', /absolute/],
    ['C:/x', /absolute/],
    ['src\\..\\..\\x', /backslash/],
    ['.git/config', /inside `\.git\/`/],
    ['src/.GIT/hooks/pre-commit', /inside `\.git\/`/],
    ['linked/evil.sh', /symlink linked and so leaves the workspace/],
    ['docs/a/b/spec.md', /does not match the task's outputs/],
    ['README.md', /does not match/],
    ['.patches/T1/run.json', /manages itself/],
    ['src/task.yaml', /manages itself/],
    ['', /empty/],
    ['src//a.ts', /empty or `\.` segment/],
  ];
  for (const [p, why] of cases) {
    const problems = findReplyPathProblems(root, OUTPUTS, reply(p));
    assert.equal(problems.length, 1, `expected ${JSON.stringify(p)} to be rejected`);
    assert.match(problems[0].reason, why, p);
  }
});

test('guard: one bad path fails the whole reply, naming every bad path', (t) => {
  const root = workspace(t);
  assert.throws(
    () => guardReplyPaths(root, 'T3', OUTPUTS, reply('src/ok.ts', '../x', 'src/ok.ts')),
    (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /task T3.*nothing was written/);
      assert.match(error.message, /"\.\.\/x" contains `\.\.`/);
      assert.match(error.message, /"src\/ok\.ts" appears twice/);
      return true;
    },
  );
});

test('guard: a task without outputs may write nothing', (t) => {
  const root = workspace(t);
  assert.match(findReplyPathProblems(root, [], reply('src/a.ts'))[0].reason, /none declared/);
});

test('guard: a reply keeps its optional reasoning and handoff text, and drops them when they are not text', () => {
  const { dir, cleanup } = makeTempDir();
  try {
    const reply = { summary: 's', files: [{ path: 'docs/a.md', content: 'a' }], reasoning: 'because', handoff: 'next: QA' };
    assert.deepEqual(guardReplyPaths(dir, 'T1', ['docs/*.md'], reply), reply);
    assert.deepEqual(toModelReply({ summary: 's', files: [], reasoning: 3, handoff: '  ' }), { summary: 's', files: [] });
  } finally {
    cleanup();
  }
});

/** A workspace with committed-style symlinks into `.git/`, `.patches/` and a task folder. */
function linkedWorkspace(t: { after: (fn: () => void) => void }) {
  const ws = makeTempDir();
  t.after(ws.cleanup);
  writeFiles(ws.dir, {
    '.git/hooks/README': 'hooks',
    '.patches/T1/run.json': '{}',
    'task_templates/T1/task.yaml': 'id: T1\n',
    'README.md': 'readme',
    'src/a.ts': 'a',
    'docs/real/x.md': 'x',
  });
  symlinkSync('.git', path.join(ws.dir, 'gitlink'));
  symlinkSync('.patches', path.join(ws.dir, 'plink'));
  symlinkSync('task_templates/T1', path.join(ws.dir, 'tlink'));
  symlinkSync('task_templates/T1/task.yaml', path.join(ws.dir, 'tyaml'));
  // A chain: docs/hop -> ../hop2 -> gitlink -> .git, and a dangling link whose target would be created inside .git.
  symlinkSync('../hop2', path.join(ws.dir, 'docs/hop'));
  symlinkSync('gitlink', path.join(ws.dir, 'hop2'));
  symlinkSync('.git/new-folder', path.join(ws.dir, 'dangling'));
  return ws.dir;
}

test('guard: a symlink inside the workspace into .git/, .patches/ or a task folder does not make a path writable', (t) => {
  const root = linkedWorkspace(t);
  const outputs = ['gitlink/**', 'plink/**', 'tlink/**', 'tyaml', 'docs/**', 'dangling/**', 'task_templates/**'];
  const cases: [string, RegExp][] = [
    ['gitlink/hooks/pre-commit', /symlink gitlink and so enters `\.git\/`/],
    ['gitlink/config', /symlink gitlink and so enters `\.git\/`/],
    ['plink/T1/files/x.md', /symlink plink to \.patches\/T1\/files\/x\.md, a path taskpod manages itself/],
    ['tlink/prompt.liquid', /symlink tlink into the task folder task_templates\/T1/],
    ['tyaml', /symlink tyaml to task_templates\/T1\/task\.yaml, a path taskpod manages itself/],
    ['docs/hop/hooks/x', /symlink docs\/hop and so enters `\.git\/`/],
    ['dangling/hook', /symlink dangling and so enters `\.git\/`/],
  ];
  for (const [p, why] of cases) {
    const problems = findReplyPathProblems(root, outputs, reply(p));
    assert.equal(problems.length, 1, `expected ${JSON.stringify(p)} to be rejected`);
    assert.match(problems[0].reason, why, p);
  }
});

test('guard: a path through an in-workspace symlink must match the outputs where it lands', (t) => {
  const root = linkedWorkspace(t);
  symlinkSync('../src', path.join(root, 'docs/to-src'));
  assert.match(
    findReplyPathProblems(root, ['docs/**'], reply('docs/to-src/evil.ts'))[0].reason,
    /symlink docs\/to-src to src\/evil\.ts, which does not match the task's outputs/,
  );
  assert.deepEqual(findReplyPathProblems(root, ['docs/**', 'src/**'], reply('docs/to-src/ok.ts')), []);
});

test('guard: paths that differ only in case (or Unicode form) are refused, naming both', (t) => {
  const root = linkedWorkspace(t);
  const problems = findReplyPathProblems(root, ['src/**'], reply('src/A.js', 'src/a.js', 'src/caf\u00e9.md', 'src/cafe\u0301.md'));
  assert.deepEqual(
    problems.map((p) => p.path),
    ['src/a.js', 'src/cafe\u0301.md'],
  );
  assert.match(problems[0].reason, /differs from "src\/A\.js" only in case/);
  // Against the workspace too: on macOS and Windows src/A.ts would overwrite the existing src/a.ts.
  assert.match(
    findReplyPathProblems(root, ['src/**', 'Src/**'], reply('src/A.ts'))[0].reason,
    /differs from the existing src\/a\.ts only in case/,
  );
  assert.match(
    findReplyPathProblems(root, ['src/**', 'Src/**'], reply('Src/new.ts'))[0].reason,
    /differs from the existing src only in case/,
  );
});

test('guard: a reply that could not be written is refused: file/folder clashes, over-long names and paths', (t) => {
  const root = linkedWorkspace(t);
  const outputs = ['docs/**', 'README.md/**', 'src', 'src/**'];
  const clash = findReplyPathProblems(root, outputs, reply('docs/f', 'docs/f/g.md'));
  assert.deepEqual(clash, [{ path: 'docs/f/g.md', reason: 'needs "docs/f" to be a folder, but the reply also writes it as a file' }]);
  assert.match(findReplyPathProblems(root, outputs, reply('docs/F', 'docs/f/g.md'))[0].reason, /needs "docs\/F" to be a folder/);
  assert.match(
    findReplyPathProblems(root, outputs, reply('README.md/notes.md'))[0].reason,
    /needs README\.md to be a folder, but it is a file/,
  );
  assert.match(findReplyPathProblems(root, outputs, reply('src'))[0].reason, /is an existing folder/);
  assert.match(findReplyPathProblems(root, outputs, reply(`docs/${'n'.repeat(256)}.md`))[0].reason, /name of 259 bytes; at most 255/);
  assert.match(
    findReplyPathProblems(root, outputs, reply(`docs/${'\u00e9'.repeat(128)}`))[0].reason,
    /name of 256 bytes/,
    'bytes, not characters',
  );
  const deep = `docs/${Array.from({ length: 30 }, () => 'd'.repeat(200)).join('/')}/x.md`;
  assert.match(findReplyPathProblems(root, outputs, reply(deep))[0].reason, /is too long: .* bytes; at most 4095/);
  assert.deepEqual(findReplyPathProblems(root, outputs, reply(`docs/${'n'.repeat(255)}`, 'docs/f/g.md', 'docs/f/h.md')), []);
});
