import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runTaskpod, workspace, writeFiles } from '@taskpod/testing';

const A = `# Owner: web team   (reviewed weekly)
id: A   # the first one
description: >
  Build the login form with validation and a long description
  folded over two lines on purpose.
status: done  # set by log
priority: high
outputs:
    - src/login.tsx
`;
const B = 'tasks:\n  B:\n    title: Test it\n    done: true    # flipped by the runner\n    ready: false\n';
const C = 'id: C\ndescription: Docs\nstatus: ready\nprompt: prompts/c.liquid\n';

const files = {
  'task_templates/a/task.yaml': A,
  'task_templates/b/task.yaml': B,
  'task_templates/c/task.yaml': C,
  'prompts/c.liquid': 'Write the docs.',
};
const read = (root: string, rel: string) => readFileSync(path.join(root, rel), 'utf8');

describe('taskpod set-status', () => {
  it('sets several tasks, changing only the status lines and updated_at, comments and layout kept', async (t) => {
    const root = workspace(t, files);
    const result = await runTaskpod(root, ['set-status', 'A', 'B', 'in progress']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      'A: done -> in_progress (task_templates/a/task.yaml)\nB: done -> in_progress (task_templates/b/task.yaml)\n',
    );
    const stamp = /updated_at: (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)/.exec(read(root, 'task_templates/a/task.yaml'))![1];
    assert.equal(
      read(root, 'task_templates/a/task.yaml'),
      A.replace('status: done  # set by log', `status: in_progress  # set by log\nupdated_at: ${stamp}`),
    );
    assert.equal(
      read(root, 'task_templates/b/task.yaml'),
      `tasks:\n  B:\n    title: Test it\n    status: in_progress\n    updated_at: ${stamp}\n    done: false    # flipped by the runner\n    ready: false\n`,
    );
    const listed = JSON.parse((await runTaskpod(root, ['list', '--json'])).stdout);
    assert.deepEqual(listed.map((r: { id: string; status: string }) => [r.id, r.status]).sort(), [
      ['A', 'in_progress'],
      ['B', 'in_progress'],
      ['C', 'ready'],
    ]);
    const again = await runTaskpod(root, ['set-status', 'A', 'in_progress', '--json']);
    assert.deepEqual(JSON.parse(again.stdout), [
      { id: 'A', file: 'task_templates/a/task.yaml', from: 'in_progress', to: 'in_progress', changed: [] },
    ]);
  });

  it('an invalid status is a usage error naming the valid ones with a suggestion; nothing is written', async (t) => {
    const root = workspace(t, files);
    const result = await runTaskpod(root, ['set-status', 'A', 'B', 'redy']);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^taskpod: Unknown status `redy`\. Did you mean `ready`\?\n {2}expected: one of backlog, pending, ready, in_progress, review, done, blocked, failed, cancelled\n/,
    );
    assert.equal(read(root, 'task_templates/a/task.yaml'), A);
    assert.equal((await runTaskpod(root, ['set-status', 'A'])).code, 2, 'a status is needed');
  });

  it('an unknown id among several names each with a suggestion, exit 1, and writes none of them', async (t) => {
    const root = workspace(t, files);
    const one = await runTaskpod(root, ['set-status', 'A', 'AA', 'ready']);
    assert.equal(one.code, 1);
    assert.match(one.stderr, /^taskpod: Unknown task id `AA`\. Did you mean `A`\?/);
    const two = await runTaskpod(root, ['set-status', 'Bx', 'A', 'Cc', 'ready']);
    assert.equal(two.code, 1);
    assert.match(two.stderr, /Unknown task ids: `Bx` \(did you mean `B`\?\), `Cc` \(did you mean `C`\?\); nothing was written\./);
    assert.equal(read(root, 'task_templates/a/task.yaml'), A);
  });
});

describe('taskpod reopen', () => {
  const promptOf = async (root: string) =>
    JSON.parse((await runTaskpod(root, ['prompt', 'C', '--json', '--offline'])).stdout) as { reply_key: string; user: string };

  it('sets ready and puts the feedback in the next prompt, so its reply key changes and the run asks anew', async (t) => {
    const root = workspace(t, { ...files, 'task_templates/c/task.yaml': C.replace('status: ready', 'status: done') });
    const before = await promptOf(root);
    const result = await runTaskpod(root, ['reopen', 'C', '--feedback', 'Name the error codes.']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'C: done -> ready; feedback added to .logs/feedback/C.md: the next run asks the model anew.\n');
    assert.match(read(root, 'task_templates/c/task.yaml'), /\nstatus: ready\nupdated_at: /);
    const after = await promptOf(root);
    assert.doesNotMatch(before.user, /Name the error codes/);
    assert.match(after.user, /## Feedback on earlier runs\n### Reopened \S+\n\nName the error codes\./);
    assert.notEqual(after.reply_key, before.reply_key);
    const shown = JSON.parse((await runTaskpod(root, ['show', 'C', '--json'])).stdout);
    assert.match(shown.feedback.human, /Name the error codes\.$/);
  });

  it('reads the feedback from a file or from standard input, appending below what is there', async (t) => {
    const root = workspace(t, files);
    writeFiles(root, { 'notes.md': 'Use the brand colours.\n' });
    assert.equal((await runTaskpod(path.join(root, 'task_templates'), ['reopen', 'C', '--feedback-file', '../notes.md'])).code, 0);
    const piped = await runTaskpod(root, ['reopen', 'C', '--feedback', '-', '--json'], {}, { stdin: 'And shorter sentences.\n' });
    assert.equal(piped.code, 0, piped.stderr);
    assert.deepEqual(JSON.parse(piped.stdout), {
      id: 'C',
      file: 'task_templates/c/task.yaml',
      from: 'ready',
      to: 'ready',
      changed: [],
      feedback_file: '.logs/feedback/C.md',
    });
    const human = read(root, '.logs/feedback/C.md').split('## Human feedback\n')[1]!;
    assert.match(human, /^\n### Reopened \S+\n\nUse the brand colours\.\n\n### Reopened \S+\n\nAnd shorter sentences\.\n$/);
  });

  it('without feedback says the stored reply is reused; bad feedback flags are usage errors that write nothing', async (t) => {
    const root = workspace(t, files);
    const plain = await runTaskpod(root, ['reopen', 'A']);
    assert.equal(plain.stdout, 'A: done -> ready. No feedback: the next run reuses the stored reply unless run with --fresh.\n');
    const both = await runTaskpod(root, ['reopen', 'B', '--feedback', 'x', '--feedback-file', 'y']);
    assert.equal(both.code, 2);
    assert.equal((await runTaskpod(root, ['reopen', 'B', '--feedback', '  '])).code, 2);
    const missing = await runTaskpod(root, ['reopen', 'B', '--feedback-file', 'nope.md']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Cannot read the feedback file nope\.md/);
    assert.equal(read(root, 'task_templates/b/task.yaml'), B);
    const unknown = await runTaskpod(root, ['reopen', 'BB', '--feedback', 'x']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Unknown task id `BB`\. Did you mean `B`\?/);
    assert.equal((await runTaskpod(root, ['reopen', 'A', 'B'])).code, 2);
  });
});
