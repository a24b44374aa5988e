import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLedgerEntry } from './build-ledger-entry';
import { HUMAN_FEEDBACK_HEADING, addFeedbackRun, extractHumanFeedback } from './feedback-file';
import { makeLogInputs } from '@taskpod/testing';

function logged(minute: number, summary = 'Built the form') {
  const at = new Date(Date.UTC(2026, 10, 24, 1, minute));
  const inputs = makeLogInputs('T1', at);
  inputs.meta.summary = summary;
  return { entry: buildLedgerEntry({ id: 'T1', pod: 'DevPod', phase: 1, source: { file: 'x', shape: 'flat' } }, inputs, at), files: inputs.meta.files };
}

test('a new file has the summary, the files, the PR link and the human section last', () => {
  const { entry, files } = logged(0);
  const text = addFeedbackRun(null, entry, files)!;
  assert.match(text, /^# Feedback: T1\n/);
  assert.match(text, /> Built the form/);
  assert.match(text, /- `src\/T1\/a\.ts` \(added, \+10 -0\)/);
  assert.match(text, /PR: \[#7\]\(https:\/\/github\.com\/acme\/shop\/pull\/7\)/);
  assert.ok(text.trimEnd().endsWith(HUMAN_FEEDBACK_HEADING));
});

test("a person's text below the heading survives three later logs byte for byte", () => {
  const human = '\nThe button colour is wrong | see mockup.\n\n  - keep this indented\n## Not a heading of ours?\ntrailing without newline';
  let text = addFeedbackRun(null, logged(0).entry, logged(0).files)! + human;
  const tail = text.slice(text.indexOf(HUMAN_FEEDBACK_HEADING));
  for (const minute of [1, 2, 3]) {
    const before = text;
    text = addFeedbackRun(text, logged(minute, `Run ${minute}\n## Human feedback`).entry, logged(minute).files)!;
    assert.ok(text.length > before.length);
    assert.ok(text.endsWith(tail), `run ${minute} left the human section intact`);
  }
  assert.equal(text.match(/^## Run /gm)?.length, 4);
  assert.equal(text.match(/^## Human feedback/gm)?.length, 1, 'a summary cannot fake the heading');
  assert.equal(extractHumanFeedback(text), human.trim());
});

test('logging the same patch again leaves the file unchanged', () => {
  const { entry, files } = logged(0);
  const text = addFeedbackRun(null, entry, files)!;
  assert.equal(addFeedbackRun(text, entry, files), null);
});

test('when a person removed the heading, runs are appended at the end and nothing else moves', () => {
  const text = '# my own notes\nkeep me\n';
  const out = addFeedbackRun(text, logged(1).entry, logged(1).files)!;
  assert.ok(out.startsWith(text));
  assert.match(out.slice(text.length), /^\n## Run 2026-11-24T01:01:00Z/);
});
