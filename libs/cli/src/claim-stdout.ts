import { Writable } from 'node:stream';

/**
 * Keeps stdout for the protocol alone: returns a stream that writes to the real stdout, and turns
 * every other write to it (console.log, a library's print) to stderr, so no stray line can break a
 * client reading JSON-RPC. For `taskpod mcp`; nothing undoes it, as the process serves until it exits.
 */
export function claimStdout(stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): Writable {
  const write = stdout.write.bind(stdout) as (
    chunk: unknown,
    encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ) => boolean;
  stdout.write = stderr.write.bind(stderr) as typeof stdout.write;
  return new Writable({
    write: (chunk, encoding, callback) => void write(chunk, encoding, callback),
  });
}
