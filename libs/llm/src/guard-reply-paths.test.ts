import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '@taskpod/core';
import { makeTempDir, writeFiles } from '@taskpod/testing';
import { findReplyPathProblems, guardReplyPaths } from './guard-reply-paths';
import { toModelReply } from './reply-contract';

const OUTPUTS = ['docs/<feature>/spec.md', 'src/**', 'linked/**', 'inside-link/**', '.git/**', '.patches/**'];

function workspace(t: { after: (fn: () => void) => void }) {
  const ws = makeTempDir();
  const outside = makeTempDir();
  t.after(() => { ws.cleanup(); outside.cleanup(); });
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
  assert.deepEqual(out.files.map((f) => f.path), ['docs/login/spec.md', 'src/new/b.ts', 'inside-link/y.txt']);
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
    ['linked/evil.sh', /symlink linked, which points outside/],
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
  assert.throws(() => guardReplyPaths(root, 'T3', OUTPUTS, reply('src/ok.ts', '../x', 'src/ok.ts')), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.match(error.message, /task T3.*nothing was written/);
    assert.match(error.message, /"\.\.\/x" contains `\.\.`/);
    assert.match(error.message, /"src\/ok\.ts" appears twice/);
    return true;
  });
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
