import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { MCP_TEST_CLIENT, TASKPOD_BIN, makeNxWorkspaceWithOrigin, makeTempDir, mcpServerEnv } from '@taskpod/testing';
import { BACKLOG, WORK } from './e2e/backlog';

// stdout is the protocol: read raw here (not through the SDK client, which would only drop a stray
// line), every line must be one JSON-RPC message, and what a person should see goes to stderr.

/** A library that prints to stdout while the server runs (console.log and a raw write). */
const STRAY = `
process.once('beforeExit', () => { console.log('stray console.log'); process.stdout.write('stray write\\n'); });
`;

test('stdout carries only JSON-RPC, whatever the steps, a verify command or a library print', async (t) => {
  const { dir, cleanup } = makeTempDir('taskpod-mcp-stray-');
  t.after(cleanup);
  writeFileSync(path.join(dir, 'stray.js'), STRAY);
  const files = {
    ...BACKLOG,
    // An input not written yet and an empty task file: warnings, which belong on stderr.
    'task_templates/doc-1/task.yaml': BACKLOG['task_templates/doc-1/task.yaml']!.replace(
      'inputs: [src/shortlink.js]',
      'inputs: [src/shortlink.js, docs/notes.md]',
    ),
    'task_templates/empty/task.yaml': '',
  };
  const verify = [[process.execPath, '-e', 'console.log("verify noise on stdout"); console.error("verify noise on stderr")']];
  const { root } = makeNxWorkspaceWithOrigin(t, files, { verify });

  const child = spawn(process.execPath, [TASKPOD_BIN, 'mcp'], {
    cwd: root,
    env: { ...mcpServerEnv(), NODE_OPTIONS: `--require ${path.join(dir, 'stray.js')}` },
  });
  let stdout = '';
  let stderr = '';
  const waiting = new Map<number, (message: { result?: { isError?: boolean; content?: { text: string }[] } }) => void>();
  child.stderr.on('data', (chunk) => void (stderr += chunk));
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    for (const line of stdout.split('\n').slice(0, -1)) {
      // A line that is not JSON fails the test below, where every line is checked.
      const message = (() => {
        try {
          return JSON.parse(line);
        } catch {
          return {};
        }
      })();
      waiting.get(message.id)?.(message);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let nextId = 1;
  const request = (method: string, params: Record<string, unknown>) => {
    const id = nextId++;
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    return new Promise<{ result?: { isError?: boolean; content?: { text: string }[] } }>((resolve) => waiting.set(id, resolve));
  };
  const tool = async (name: string, args: Record<string, unknown>) => {
    const answer = await request('tools/call', { name, arguments: args });
    assert.equal(answer.result?.isError, undefined, `${name}: ${answer.result?.content?.[0]?.text}`);
    return answer;
  };

  await request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: MCP_TEST_CLIENT });
  child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  await tool('list_tasks', {});
  await tool('render_prompt', { id: 'DOC-1' });
  await tool('submit_work', { id: 'DOC-1', ...WORK });
  await tool('make_patch', { id: 'DOC-1' });
  await tool('apply_task', { id: 'DOC-1' });
  await tool('log_task', { id: 'DOC-1' });
  await tool('make_patch', { id: 'DOC-1' });
  child.stdin.end();
  assert.equal(await exited, 0, stderr);

  const lines = stdout.split('\n');
  assert.equal(lines.pop(), '', 'every message ends with a newline');
  for (const line of lines) assert.equal(JSON.parse(line).jsonrpc, '2.0', line);
  assert.equal(lines.length, 8);
  assert.match(stderr, /taskpod: warning: task_templates\/empty\/task\.yaml/);
  assert.match(stderr, /warning: DOC-1: .*docs\/notes\.md/);
  assert.match(stderr, /DOC-1 is done; patch has nothing to do\./);
  assert.match(stderr, /stray console\.log\nstray write\n/);
  assert.doesNotMatch(stdout, /verify noise/);
});
