import assert from 'node:assert/strict';
import { test } from 'node:test';
import { git, initGitRepo, commitFiles, workspace } from '@taskpod/testing';
import { main } from '../main';

const TASK = 'id: T1\ndescription: Write a\npod: DevPod\nstatus: done\noutputs: [src/a.ts]\n';

/** A workspace whose task left a branch of its own commit (an apply stopped before recording it). */
function withTaskBranch(t: { after: (fn: () => void) => void }) {
  const root = workspace(t, { 'task_templates/t1/task.yaml': TASK });
  initGitRepo(root);
  commitFiles(root, {}, 'backlog');
  git(root, 'switch', '-q', '-c', 'taskpod/T1');
  commitFiles(root, { 'src/a.ts': 'a\n' }, 'T1: Write a\n\nTask-Id: T1\nPod: DevPod');
  git(root, 'switch', '-q', 'main');
  return root;
}

async function undo(root: string, answer: string, args: string[] = []) {
  let stdout = '';
  let stderr = '';
  const asked: string[] = [];
  const code = await main(['undo', 'T1', ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', GITHUB_TOKEN: '' },
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stdinIsTTY: true,
    ask: async (question) => {
      asked.push(question);
      return answer;
    },
  });
  return { code, stdout, stderr, asked };
}

test('undo shows what it will do and changes nothing unless the answer is yes', async (t) => {
  const root = withTaskBranch(t);
  const no = await undo(root, 'n');
  assert.equal(no.code, 1);
  assert.match(no.stdout, /^Undo T1:\n {2}- delete taskpod\/T1 here \(at [0-9a-f]{12}\)\n {2}- set the status done -> ready\n/);
  assert.deepEqual(no.asked, ['Go ahead? [y/N] ']);
  assert.match(no.stderr, /nothing was changed/);
  assert.match(git(root, 'branch', '--list', 'taskpod/T1'), /taskpod\/T1/);

  const yes = await undo(root, 'yes');
  assert.equal(yes.code, 0, yes.stderr);
  assert.match(yes.stdout, /^T1: deleted taskpod\/T1 here$/m);
  assert.match(yes.stdout, /^T1: status done -> ready$/m);
  assert.equal(git(root, 'branch', '--list', 'taskpod/T1'), '');
});

test('--yes does not ask; a wrong number of ids is a usage error', async (t) => {
  const root = withTaskBranch(t);
  const result = await undo(root, 'n', ['--yes']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(result.asked, []);
  assert.equal(await main(['undo'], { cwd: root, env: process.env, stdout: () => {}, stderr: () => {} }), 2);
});
