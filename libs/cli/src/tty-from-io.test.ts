import assert from 'node:assert/strict';
import { test } from 'node:test';
import { workspace } from '@taskpod/testing';
import type { CliIo } from './command';
import { main } from './main';

const TASK = 'id: a\ndescription: A\npod: DevPod\nphase: 1\nstatus: ready\n';
const ANSI = /\u001b\[\d+m/;

/** main() with stdout captured and `isTTY` as given; no colour variable set either way. */
async function run(cwd: string, args: string[], isTTY: boolean): Promise<string> {
  let stdout = '';
  const io: CliIo = { cwd, env: { PATH: process.env.PATH }, stdout: (text) => void (stdout += text), stderr: () => {}, isTTY };
  assert.equal(await main(args, io), 0);
  return stdout;
}

test('list and next colour their tables when the io says stdout is a terminal, whatever process.stdout is', async (t) => {
  const root = workspace(t, { 'task_templates/a/task.yaml': TASK });
  const real = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
  t.after(() => (real ? Object.defineProperty(process.stdout, 'isTTY', real) : delete (process.stdout as { isTTY?: boolean }).isTTY));
  for (const processIsTTY of [true, false]) {
    Object.defineProperty(process.stdout, 'isTTY', { value: processIsTTY, configurable: true, writable: true });
    for (const args of [['list'], ['next', '--all']]) {
      assert.match(await run(root, args, true), ANSI, `${args.join(' ')} in a terminal`);
      assert.doesNotMatch(await run(root, args, false), ANSI, `${args.join(' ')} into a pipe`);
    }
  }
});
