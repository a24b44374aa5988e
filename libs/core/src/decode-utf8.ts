import { isUtf8 } from 'node:buffer';
import type { Issue } from './errors';

/**
 * A text file's bytes as a string, or the issue naming the first byte that is not UTF-8. Node's
 * `'utf8'` decoding turns such bytes into U+FFFD without a word, and a write-back would then
 * replace the user's bytes for good; a file taskpod parses or rewrites is read through this instead.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): { text: string; issue?: undefined } | { text?: undefined; issue: Issue } {
  const offset = invalidUtf8Offset(bytes);
  if (offset === undefined) return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') };
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  const hex = bytes[offset]!.toString(16).toUpperCase().padStart(2, '0');
  return {
    issue: {
      file,
      line,
      message: `is not valid UTF-8: byte 0x${hex} at byte offset ${offset} does not start a valid sequence; save the file as UTF-8`,
    },
  };
}

/** Offset of the first byte that starts an invalid or truncated UTF-8 sequence, or undefined. */
export function invalidUtf8Offset(bytes: Uint8Array): number | undefined {
  if (isUtf8(bytes)) return undefined; // native and fast; the scan below runs only to say where
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (need === 0 || i + need >= bytes.length) return i;
    // The second byte's range excludes overlong forms, surrogates and code points above U+10FFFF.
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    if (bytes[i + 1]! < lo || bytes[i + 1]! > hi) return i;
    for (let k = 2; k <= need; k++) if (bytes[i + k]! < 0x80 || bytes[i + k]! > 0xbf) return i;
    i += need + 1;
  }
  return undefined;
}
