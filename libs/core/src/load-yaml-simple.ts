import { resolveCoreScalar } from './core-scalars';

/**
 * Reads the plain YAML most task files are written in (block maps, block lists of scalars, plain and
 * simply quoted scalars, `[]`/`{}` and one-line lists of plain scalars, `>`/`|` blocks of one
 * indentation), as js-yaml with YAML_CORE_SCHEMA reads it, without its character-by-character
 * state machine. Undefined for anything else (and for any file that is not printable ASCII), so the
 * caller asks js-yaml: this reader may decline, never differ. It declines a key js-yaml would name
 * `null`, so what it reads needs no further check of its keys (loadYamlFast's keysAgree).
 */
export function loadSimpleYaml(text: string): { value: Record<string, unknown> } | undefined {
  if (!PRINTABLE_ASCII.test(text)) return undefined;
  const reader = new Reader(text.split('\n'));
  reader.skipBlank();
  if (reader.at >= reader.lines.length || reader.indent() !== 0) return undefined;
  const value = reader.map(0);
  reader.skipBlank();
  return value !== undefined && reader.at === reader.lines.length ? { value } : undefined;
}

const PRINTABLE_ASCII = /^[\x20-\x7e\n]*$/;
const KEY_LINE = /^([A-Za-z0-9_][A-Za-z0-9_.-]*):(?: +(.*))?$/;
/** What may not start a plain scalar here (or starts something this reader leaves to js-yaml). */
const NOT_PLAIN_START = /^(?:[?:,[\]{}#&*!|>'"%@`]|-(?: |$))/;
const SINGLE_QUOTED = /^'((?:[^']|'')*)'(?: +#.*)?$/;
const DOUBLE_QUOTED = /^"([^"\\]*)"(?: +#.*)?$/;
const FLOW_LIST = /^\[([^[\]{}'"#:]*)\](?: +#.*)?$/;
const BLOCK_HEADER = /^([>|])(-?)$/;

class Reader {
  at = 0;
  constructor(readonly lines: string[]) {}

  indent(line = this.lines[this.at]!): number {
    let n = 0;
    while (line.charCodeAt(n) === 0x20) n++;
    return n;
  }

  /** Past blank and comment lines. */
  skipBlank(): void {
    for (; this.at < this.lines.length; this.at++) {
      const line = this.lines[this.at]!;
      const n = this.indent(line);
      if (n < line.length && line.charCodeAt(n) !== 0x23) return;
    }
  }

  /** The block map whose keys sit at `indent`; ends at a line indented less. */
  map(indent: number): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = {};
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      const n = this.indent(line);
      if (n < indent) break;
      if (n > indent) return undefined;
      const m = KEY_LINE.exec(n === 0 ? line : line.slice(n));
      if (!m) return undefined;
      const key = String(resolveScalar(m[1]!));
      // js-yaml names a null key `null`, yaml names it ``: such a key is left to the caller's checks.
      if (key === '__proto__' || key === 'null' || Object.hasOwn(out, key)) return undefined;
      this.at++;
      const rest = m[2] ?? '';
      let value: unknown;
      if (rest === '') value = this.nested(indent);
      else if (BLOCK_HEADER.test(rest)) value = this.block(indent, rest);
      else {
        value = scalarOrFlow(rest);
        this.skipBlank();
      }
      if (value === undefined) return undefined;
      out[key] = value;
    }
    return out;
  }

  /** What follows `key:` on the next lines: a more indented map or list, or nothing (null). */
  private nested(indent: number): unknown {
    this.skipBlank();
    if (this.at >= this.lines.length) return null;
    const line = this.lines[this.at]!;
    const n = this.indent(line);
    if (n <= indent) return line.startsWith('-', n) ? undefined : null;
    return line.startsWith('-', n) ? this.list(n) : this.map(n);
  }

  /** A block list of scalars at `indent`. */
  private list(indent: number): unknown[] | undefined {
    const out: unknown[] = [];
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      const n = this.indent(line);
      if (n < indent) break;
      if (n > indent || !line.startsWith('- ', n)) return undefined;
      const rest = line.slice(n + 2).replace(/^ +/, '');
      // `- key: value` starts a map, `- - x` a list, `- >` a block: all left to js-yaml.
      if (rest === '' || /^[^'"]*:(?: |$)/.test(rest) || BLOCK_HEADER.test(rest)) return undefined;
      const value = scalarOrFlow(rest);
      if (value === undefined) return undefined;
      out.push(value);
      this.at++;
      this.skipBlank();
    }
    return out;
  }

  /** A `>` or `|` block whose lines share one indentation, without blank lines inside or trailing spaces. */
  private block(indent: number, header: string): string | undefined {
    const [, style, strip] = BLOCK_HEADER.exec(header)!;
    const body: string[] = [];
    let inner = -1;
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (line === '') break;
      const n = this.indent(line);
      if (n <= indent) break;
      if (inner === -1) inner = n;
      if (n !== inner || line.endsWith(' ')) return undefined;
      body.push(line.slice(n));
      this.at++;
    }
    // No line break after the last line (the end of the file) would change what clipping keeps.
    if (body.length === 0 || this.at >= this.lines.length) return undefined;
    // A blank line must end the block: more of it after one would keep a newline this reader does not.
    const end = this.at;
    this.skipBlank();
    if (this.at < this.lines.length && this.at > end && this.indent() > indent) return undefined;
    for (let i = end; i < this.at; i++) if (this.lines[i] !== '') return undefined; // a `#` line there is content
    const text = body.join(style === '>' ? ' ' : '\n');
    return strip ? text : `${text}\n`;
  }
}

/** A value written on its key's line: a quoted or plain scalar, `[]`, `{}` or `[a, b]` of plain scalars. */
function scalarOrFlow(rest: string): unknown {
  const c = rest.charCodeAt(0);
  if (c === 0x27) {
    const m = SINGLE_QUOTED.exec(rest);
    return m ? m[1]!.replace(/''/g, "'") : undefined;
  }
  if (c === 0x22) return DOUBLE_QUOTED.exec(rest)?.[1];
  if (c === 0x5b) {
    const m = FLOW_LIST.exec(rest);
    if (!m) return undefined;
    if (m[1]!.trim() === '') return [];
    const items = m[1]!.split(',').map((item) => item.trim());
    return items.every((item) => item !== '' && !NOT_PLAIN_START.test(item)) ? items.map(resolveScalar) : undefined;
  }
  if (c === 0x7b) return /^\{\}(?: +#.*)?$/.test(rest) ? {} : undefined;
  return plainScalar(rest);
}

/** A plain scalar up to a ` #` comment; one with `: ` in it (or ending in `:`) is left to js-yaml. */
function plainScalar(rest: string): unknown {
  if (NOT_PLAIN_START.test(rest)) return undefined;
  const hash = rest.indexOf(' #');
  const text = (hash === -1 ? rest : rest.slice(0, hash)).trimEnd();
  if (text.includes(': ') || text.endsWith(':')) return undefined;
  return resolveScalar(text);
}

/** Only text starting so can resolve to anything but itself (null, bool, int, float): the rest skips the tests. */
const MAY_RESOLVE = /^(?:$|[-+.~0-9nNtTfF])/;

function resolveScalar(text: string): unknown {
  return MAY_RESOLVE.test(text) ? resolveCoreScalar(text) : text;
}
