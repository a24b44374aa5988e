import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BACKLOG } from './backlog-fixture';
import { makeNxWorkspace, type NxWorkspace } from '@taskpod/testing';

/** A stand-in model for the shell provider: appends a line per call to a counter file, answers one file. */
const FAKE_MODEL = `const fs = require('fs');
let input = '';
process.stdin.on('data', (d) => (input += d)).on('end', () => {
  fs.appendFileSync(process.argv[2], 'call\\n');
  process.stdout.write(JSON.stringify({ summary: 'wrote a', files: [{ path: 'src/a.ts', content: 'export const a = ' + input.length + ';\\n' }] }));
});
`;

describe('the cache of run: no answer is paid for twice', () => {
  let ws: NxWorkspace;
  let calls: string;
  const modelCalls = () => {
    try {
      return readFileSync(calls, 'utf8').split('\n').filter(Boolean).length;
    } catch {
      return 0;
    }
  };
  const runA = () => {
    const result = ws.nx(['run', 'A:run']);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    return result.stdout;
  };
  const edit = (file: string, from: string, to: string) => {
    const full = path.join(ws.dir, file);
    const text = readFileSync(full, 'utf8');
    assert.ok(text.includes(from), `${file} holds ${from}`);
    writeFileSync(full, text.replace(from, to));
  };

  before(() => {
    ws = makeNxWorkspace({ ...BACKLOG, 'tools/fake-model.cjs': FAKE_MODEL }, (dir) => {
      calls = path.join(dir, 'model-calls.log');
      return { provider: 'shell', model: 'fake', shell: { command: [process.execPath, path.join(dir, 'tools/fake-model.cjs'), calls] } };
    });
  });
  after(() => ws.cleanup());

  test('the first run asks the model and writes the outputs', () => {
    runA();
    assert.equal(modelCalls(), 1);
    assert.match(readFileSync(path.join(ws.dir, '.patches/A/files/src/a.ts'), 'utf8'), /export const a = \d+;/);
  });

  test('running again, or after editing only updated_at, is an Nx cache hit', () => {
    assert.match(runA(), /local cache|existing outputs match the cache/);
    edit('task_templates/a/task.yaml', 'status: ready', 'status: ready\nupdated_at: 2026-11-24T01:00:00Z');
    assert.match(runA(), /local cache|existing outputs match the cache/);
    assert.equal(modelCalls(), 1);
  });

  test('editing status (a tag, so an Nx cache miss) or nx.json costs no model call: the reply store answers', () => {
    edit('task_templates/a/task.yaml', 'status: ready', 'status: in_progress');
    assert.match(runA(), /reply store, no model call/);
    const nxJson = JSON.parse(readFileSync(path.join(ws.dir, 'nx.json'), 'utf8'));
    writeFileSync(path.join(ws.dir, 'nx.json'), JSON.stringify({ ...nxJson, parallel: 2 }, null, 2));
    assert.match(runA(), /reply store, no model call/);
    assert.equal(modelCalls(), 1);
  });

  test('editing what the model sees (the prompt template) asks the model again, for that task only', () => {
    edit('prompts/dev.md', 'Implement the task.', 'Implement the task, with tests.');
    assert.doesNotMatch(runA(), /local cache|reply store/);
    assert.equal(modelCalls(), 2);
  });
});
