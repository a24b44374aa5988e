import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeNxWorkspace, type NxWorkspace } from '@taskpod/testing';

/** A stand-in model for the shell provider: a line per call in a counter file, one file as its answer. */
const FAKE_MODEL = `const fs = require('fs');
let input = '';
process.stdin.on('data', (d) => (input += d)).on('end', () => {
  fs.appendFileSync(process.argv[2], 'call\\n');
  process.stdout.write(JSON.stringify({ summary: 'wrote a', files: [{ path: 'src/a.ts', content: 'export const a = ' + input.length + ';\\n' }] }));
});
`;

/** A loopback GitHub contents API in its own process (nx runs synchronously in the test's): serves one file from disk. */
const GITHUB_CONTENTS = `const http = require('http'), fs = require('fs');
const [file, portFile] = process.argv.slice(2);
const server = http.createServer((req, res) => {
  if (!decodeURIComponent(req.url).startsWith('/repos/acme/platform/contents/docs/architecture.md')) { res.writeHead(404); return res.end('{"message":"Not Found"}'); }
  const content = fs.readFileSync(file);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ type: 'file', encoding: 'base64', content: content.toString('base64'), sha: String(content.length), size: content.length }));
});
server.listen(0, '127.0.0.1', () => fs.writeFileSync(portFile, String(server.address().port)));
`;

const TASK = ['id: A', 'description: Implement feature A', 'phase: 1', 'pod: DevPod', 'status: ready', 'outputs: [src/a.ts]', ''].join(
  '\n',
);

/** The workspace of one case: `.logs/` git-ignored, as this repository and many users have it. */
function makeWorkspace(files: Record<string, string>): { ws: NxWorkspace; calls: () => number; runA: (env?: NodeJS.ProcessEnv) => string } {
  let counter = '';
  const ws = makeNxWorkspace(
    { '.gitignore': 'node_modules\n.nx\n.logs/\n', 'task_templates/a/task.yaml': TASK, 'tools/fake-model.cjs': FAKE_MODEL, ...files },
    (dir) => {
      counter = path.join(dir, 'model-calls.log');
      return { provider: 'shell', model: 'fake', shell: { command: [process.execPath, path.join(dir, 'tools/fake-model.cjs'), counter] } };
    },
  );
  const calls = () => (existsSync(counter) ? readFileSync(counter, 'utf8').split('\n').filter(Boolean).length : 0);
  const runA = (env?: NodeJS.ProcessEnv) => {
    const result = ws.nx(['run', 'A:run'], env);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    return result.stdout;
  };
  return { ws, calls, runA };
}

const writeFeedback = (dir: string, text: string) =>
  writeFileSync(path.join(dir, '.logs/feedback/A.md'), `# Feedback on task A\n\n## Human feedback\n\n${text}\n`);

for (const nxignore of [true, false]) {
  describe(`human feedback reaches the model with .logs/ git-ignored (${nxignore ? 'with' : 'without'} .nxignore re-including it)`, () => {
    let c: ReturnType<typeof makeWorkspace>;
    before(() => {
      c = makeWorkspace(
        nxignore ? { '.nxignore': '!.logs/\n!.logs/feedback/\n', '.logs/feedback/.keep': '' } : { '.logs/feedback/.keep': '' },
      );
    });
    after(() => c.ws.cleanup());

    test('an unchanged task asks once', () => {
      c.runA();
      const second = c.runA();
      assert.equal(c.calls(), 1);
      // With .nxignore Nx can see the feedback, so it caches; without, the reply store answers.
      assert.match(second, nxignore ? /local cache|existing outputs match the cache/ : /reply store, no model call/);
    });

    test('feedback written under "Human feedback" asks exactly once more', () => {
      writeFeedback(c.ws.dir, 'Use a Map, not an object.');
      c.runA();
      assert.equal(c.calls(), 2);
      c.runA();
      assert.equal(c.calls(), 2);
    });
  });
}

describe('live GitHub memory: a change on GitHub asks anew, an unchanged file does not', () => {
  let c: ReturnType<typeof makeWorkspace>;
  let server: ChildProcess;
  let env: NodeJS.ProcessEnv;
  const remoteFile = () => path.join(c.ws.dir, '..', `remote-architecture-${process.pid}.md`);

  before(async () => {
    c = makeWorkspace({
      '.nxignore': '!.logs/\n!.logs/feedback/\n',
      'memory/memory.yaml': '- path: docs/architecture.md\n  repo: acme/platform\n  description: The platform architecture\n',
      'tools/github.cjs': GITHUB_CONTENTS,
    });
    writeFileSync(remoteFile(), '# Architecture v1\n');
    const portFile = path.join(c.ws.dir, '..', `github-port-${process.pid}`);
    server = spawn(process.execPath, [path.join(c.ws.dir, 'tools/github.cjs'), remoteFile(), portFile], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 50));
    env = { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: `http://127.0.0.1:${readFileSync(portFile, 'utf8')}` };
  });
  after(() => {
    server.kill();
    c.ws.cleanup();
  });

  test('nx does not cache run for a task with live memory, and says why', () => {
    const shown = JSON.parse(c.ws.nx(['show', 'project', 'A', '--json']).stdout);
    assert.equal(shown.targets.run.cache, false);
    assert.match(shown.targets.run.metadata.description, /live GitHub memory/);
  });

  test('unchanged on GitHub: one model call; changed: exactly one more', () => {
    c.runA(env);
    c.runA(env);
    assert.equal(c.calls(), 1);
    writeFileSync(remoteFile(), '# Architecture v2: queues\n');
    c.runA(env);
    c.runA(env);
    assert.equal(c.calls(), 2);
  });
});
