import assert from 'node:assert/strict';
import { createConnection } from 'node:net';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CliIo } from './command';
import { startRunProgress } from './run-progress';

function capture(): { io: CliIo; err: () => string; out: () => string } {
  let err = '';
  let out = '';
  return { io: { cwd: '/', env: {}, stdout: (t) => (out += t), stderr: (t) => (err += t), columns: 200 }, err: () => err, out: () => out };
}

async function send(socketPath: string, events: object[]): Promise<void> {
  const socket = createConnection(socketPath);
  await new Promise((resolve) => socket.on('connect', resolve));
  for (const e of events) socket.write(`${JSON.stringify(e)}\n`);
  await new Promise<void>((resolve) => socket.end(resolve));
  await sleep(50);
}

const start = { kind: 'call-start', task: 'A', provider: 'openai', model: 'gpt-4o-mini', at: '' };
const end = {
  kind: 'call-end',
  task: 'A',
  provider: 'openai',
  model: 'gpt-4o-mini',
  at: '',
  ms: 1234,
  tokens_in: 120,
  tokens_out: 40,
  cost_usd: null,
};

test('plain lines: start, heartbeat, end with tokens and an unknown cost said as unknown', async () => {
  const { io, err } = capture();
  const view = await startRunProgress(io, { live: false, heartbeatMs: 60 });
  await send(view.socketPath, [start]);
  await sleep(150);
  await send(view.socketPath, [end]);
  await view.close();
  const lines = err().split('\n');
  assert.equal(lines[0], 'taskpod: A: asking openai gpt-4o-mini');
  assert.match(lines[1]!, /^taskpod: A: still waiting for openai gpt-4o-mini \(0\.\d s\)$/);
  assert.equal(lines.at(-2), 'taskpod: A: openai gpt-4o-mini answered in 1.2 s: 120+40 tokens, cost unknown');
  assert.doesNotMatch(err(), /\x1b/, 'no terminal codes when not live');
});

test('live: one status line kept under the output, cleared before each line written and redrawn after', async () => {
  const { io, err, out } = capture();
  const view = await startRunProgress(io, { live: true, heartbeatMs: 60_000 });
  await send(view.socketPath, [start]);
  await sleep(250);
  view.io.stdout('> nx run A:run\n');
  await send(view.socketPath, [end]);
  await view.close();
  assert.equal(out(), '> nx run A:run\n');
  assert.match(err(), /\r\x1b\[2K. waiting for 1 model call: A \(openai gpt-4o-mini, 0\.\d s\)/);
  assert.ok(
    err().endsWith('\r\x1b[2K') || !err().includes('waiting for 1 model call', err().lastIndexOf('answered')),
    'the status line is gone at the end',
  );
});
