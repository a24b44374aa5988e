import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { exampleBacklog, git, spawnTaskpod, startLoopbackWorkspace, type LoopbackWorkspace } from '@taskpod/testing';

const ID = 'X.2';
const FILE = 'task_templates/X.2/task.yaml';

/**
 * The lifecycle as a user scripts it, on the example backlog, with the real CLI spawned against real
 * nx, git with a bare origin, and loopback OpenAI and GitHub servers:
 * add -> run -> show -> reopen --feedback -> run -> undo. (The $0.001 refusal before any request is
 * commands/run-budget.e2e.test.ts.)
 */
describe('a scripted lifecycle session on the example', () => {
  let ws: LoopbackWorkspace;
  const env = () => ws.env();
  const ok = async (...args: string[]) => {
    const result = await spawnTaskpod(ws.dir, args, env());
    assert.equal(result.code, 0, `taskpod ${args.join(' ')}\n${result.stdout}\n${result.stderr}`);
    return result;
  };
  const read = (rel: string) => readFileSync(path.join(ws.dir, rel), 'utf8');
  const ledger = () =>
    read('.logs/ledger.jsonl')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const replyKeyOfLastRun = () => (JSON.parse(read(`.patches/${ID}/run.json`)) as { reply_key: string }).reply_key;

  before(async () => {
    ws = await startLoopbackWorkspace(
      exampleBacklog(),
      (id) => ({
        summary: `Write the FAQ (${id})`,
        files: [{ path: 'docs/faq.md', content: `# FAQ\n\nAsked ${ws.model.calls.length} time(s).\n` }],
      }),
      'acme/shortlink',
    );
  });
  after(() => ws?.close());

  test('add, run, show, reopen with feedback, run, undo: no branch, no open PR, ready, done no longer counted, every paid call counted once', async () => {
    const added = JSON.parse(
      (
        await ok(
          'add',
          '--id',
          ID,
          '--description',
          'Write docs/faq.md: the questions users ask about short links, with short answers.',
          '--pod',
          'DevPod',
          '--phase',
          'Cross-Phase',
          '--prompt',
          'prompts/dev.md',
          '--output',
          'docs/faq.md',
          '--json',
        )
      ).stdout,
    );
    assert.equal(added.file, FILE);

    await ok('run', ID);
    assert.deepEqual(ws.model.calls, [ID]);
    const firstKey = replyKeyOfLastRun();
    const shown = JSON.parse((await ok('show', ID, '--json')).stdout);
    assert.equal(shown.status, 'done');
    assert.equal(shown.apply.branch, `taskpod/${ID}`);
    assert.equal(shown.last_run.reply_key, firstKey);
    assert.equal(shown.logged.length, 1);
    const pr = ws.github.pulls.find((p) => p.head.ref === `taskpod/${ID}`)!;
    assert.equal(pr.state, 'open');

    await ok('reopen', ID, '--feedback', 'Add a question about how long a short link lives.');
    assert.match(read(FILE), /^status: ready$/m);
    await ok('run', ID);
    assert.deepEqual(ws.model.calls, [ID, ID], 'the feedback changed the prompt: exactly one new request');
    const secondKey = replyKeyOfLastRun();
    assert.notEqual(secondKey, firstKey);
    assert.equal(ws.github.pulls.filter((p) => p.head.ref === `taskpod/${ID}`).length, 1, 'the open PR was updated, not duplicated');

    const undo = await ok('undo', ID, '--yes');
    assert.match(undo.stdout, new RegExp(`^${ID.replace('.', '\\.')}: closed pull request #${pr.number} with a comment$`, 'm'));
    assert.equal(git(ws.dir, 'branch', '--list', `taskpod/${ID}`), '', 'no local branch');
    assert.equal(git(ws.dir, 'ls-remote', '--heads', ws.origin, `refs/heads/taskpod/${ID}`), '', 'no branch on origin');
    assert.equal(pr.state, 'closed');
    assert.equal(ws.github.pulls.filter((p) => p.state === 'open').length, 0, 'no open pull request');
    assert.match(read(FILE), /^status: ready$/m);

    const spend = ledger().filter((line) => line.kind === 'spend');
    assert.deepEqual(
      spend.map((s) => [s.task_id, s.reply_key]),
      [
        [ID, firstKey],
        [ID, secondKey],
      ],
      'one spend entry per paid request, by reply key',
    );
    const patches = ledger().filter((line) => line.kind === undefined || line.kind === 'patch');
    const undoLines = ledger().filter((line) => line.kind === 'undo');
    assert.deepEqual(
      undoLines.map((u) => u.undoes),
      patches.map((p) => p.key),
      'both logged patches marked undone',
    );
    const after = JSON.parse((await ok('show', ID, '--json')).stdout);
    assert.equal(after.status, 'ready');
    assert.equal(after.apply, null);

    const totals = parse(read('metrics/metrics.yaml')).totals as Record<string, number>;
    assert.equal(totals.tasks_done, 0, 'no longer counted as done');
    assert.equal(totals.files_changed, 0, 'nor its files');
    assert.equal(totals.insertions, 0);
    assert.equal(totals.paid_calls, 2, 'both paid calls still counted');
    const sum = (field: string) => spend.reduce((acc, s) => acc + (s[field] as number), 0);
    assert.equal(totals.tokens_in, sum('tokens_in'));
    assert.equal(totals.tokens_out, sum('tokens_out'));
    assert.ok(sum('cost_usd') > 0, 'gpt-4o-mini has a price');
    assert.equal(totals.cost_usd, Math.round(sum('cost_usd') * 1e6) / 1e6);
  });
});
