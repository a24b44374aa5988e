import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { claimStdout } from './claim-stdout';

const collect = (stream: PassThrough) => {
  let text = '';
  stream.on('data', (chunk) => void (text += chunk));
  return () => text;
};

test('after claimStdout only the returned stream reaches stdout; every other write goes to stderr', async () => {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const [out, err] = [collect(stdout), collect(stderr)];
  const protocol = claimStdout(stdout as unknown as NodeJS.WriteStream, stderr as unknown as NodeJS.WriteStream);
  stdout.write('a library prints\n');
  const console_ = new console.Console(stdout);
  console_.log('console.log too');
  await new Promise<void>((resolve) => protocol.write('{"jsonrpc":"2.0"}\n', () => resolve()));
  assert.equal(out(), '{"jsonrpc":"2.0"}\n');
  assert.equal(err(), 'a library prints\nconsole.log too\n');
});
