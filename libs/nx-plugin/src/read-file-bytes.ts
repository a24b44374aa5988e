import { closeSync, openSync, readSync } from 'node:fs';

/**
 * A file's bytes, read into `scratch` (grown when the file is bigger) and valid until the next call:
 * without readFileSync's stat and its fresh buffer per file, which 5,000 task files pay on every
 * graph computation. Fails as readFileSync does (the same `open` and `read` errors).
 */
export function readFileBytes(file: string, scratch: { buffer: Buffer }): Buffer {
  const fd = openSync(file, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === scratch.buffer.length) {
        const bigger = Buffer.allocUnsafe(scratch.buffer.length * 2);
        scratch.buffer.copy(bigger, 0, 0, length);
        scratch.buffer = bigger;
      }
      const n = readSync(fd, scratch.buffer, length, scratch.buffer.length - length, null);
      if (n === 0) return scratch.buffer.subarray(0, length);
      length += n;
    }
  } finally {
    closeSync(fd);
  }
}
