/** ANSI styling that collapses to plain text when colour is off. */
export interface Colors {
  bold: (text: string) => string;
  dim: (text: string) => string;
  green: (text: string) => string;
  yellow: (text: string) => string;
  red: (text: string) => string;
}

/** Colour only for a terminal, never when NO_COLOR is set (https://no-color.org) or FORCE_COLOR=0. */
export function colorsFor(env: NodeJS.ProcessEnv, isTTY: boolean | undefined): Colors {
  const on = !('NO_COLOR' in env && env.NO_COLOR !== '') && env.FORCE_COLOR !== '0' && (Boolean(isTTY) || (env.FORCE_COLOR ?? '') !== '');
  const wrap = (open: number, close: number) => (text: string) => (on ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { bold: wrap(1, 22), dim: wrap(2, 22), green: wrap(32, 39), yellow: wrap(33, 39), red: wrap(31, 39) };
}

const ANSI = /\u001b\[\d+m/g;

/**
 * Left-aligned columns two spaces apart; widths ignore colour codes. The last column is not
 * padded, so lines carry no trailing spaces.
 */
export function formatTable(header: string[], rows: string[][], colors?: Colors): string {
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...all.map((row) => (row[col] ?? '').replace(ANSI, '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, col) => (col === row.length - 1 ? cell : cell + ' '.repeat(widths[col]! - cell.replace(ANSI, '').length)))
      .join('  ')
      .trimEnd();
  const head = line(header);
  return [colors ? colors.bold(head) : head, ...rows.map(line)].join('\n');
}
